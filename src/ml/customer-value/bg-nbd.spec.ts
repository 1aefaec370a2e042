import { SeededRandom } from '../models/shared/seeded-random.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
  type BgNbdParams,
  type RepeatSummary,
} from './bg-nbd.js';
import { sampleBeta, sampleGamma } from './random-variates.js';

// The BG/NBD parameters Fader, Hardie & Lee (2005) fit on the CDNOW sample (2,357 customers, weeks).
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Customers drawn from the model itself: λ ~ Gamma(r, α), p ~ Beta(a, b), Poisson purchases, dropout after each. */
function simulate(p: BgNbdParams, n: number, seed: number): RepeatSummary[] {
  const rng = new SeededRandom(seed);
  const out: RepeatSummary[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(rng, p.r, p.alpha);
    const drop = sampleBeta(rng, p.a, p.b);
    const T = 20 + rng.next() * 20;
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      if (rng.next() < drop) break;
    }
    out.push({ x, tx, T });
  }
  return out;
}

describe('BG/NBD', () => {
  it('gives the expected repeat purchases FHL (2005) tabulate for CDNOW, E[X(t)]', () => {
    // Published to 4 decimals with the unrounded fit; the parameters above are rounded to 3, hence 0.5 %.
    const published: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, expected] of published) {
      expect(Math.abs(bgNbdExpectedPurchases(CDNOW, t) - expected) / expected).toBeLessThan(0.005);
    }
    expect(bgNbdExpectedPurchases(CDNOW, 0)).toBe(0);
  });

  it('gives the conditional expectation of the paper’s example (x = 2, tₓ = 30.43, T = 38.86, next 39 weeks: 1.226)', () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    expect(bgNbdConditionalExpectedPurchases(CDNOW, c, 39)).toBeCloseTo(1.226, 3);
  });

  it('computes P(alive) as hand-computed from eq. 11', () => {
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) = 1 / (1 + 0.793/3.426 · (43.274/34.844)^2.243) = 0.72658
    expect(bgNbdProbabilityAlive(CDNOW, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(0.726579, 5);
    // No repeat purchase: cannot have dropped out yet.
    expect(bgNbdProbabilityAlive(CDNOW, { x: 0, tx: 0, T: 30 })).toBe(1);
    // The longer since the last purchase, the less likely alive.
    const recent = bgNbdProbabilityAlive(CDNOW, { x: 5, tx: 35, T: 38 });
    const lapsed = bgNbdProbabilityAlive(CDNOW, { x: 5, tx: 5, T: 38 });
    expect(recent).toBeGreaterThan(lapsed);
  });

  it('conditional expectation without repeats matches the hand-computed series (x = 0, T = 30, t = 10: 0.06773)', () => {
    expect(bgNbdConditionalExpectedPurchases(CDNOW, { x: 0, tx: 0, T: 30 }, 10)).toBeCloseTo(0.0677276, 6);
  });

  it('gives the x = 0 likelihood as the probability of no repeat purchase by T: (α/(α+T))^r', () => {
    const ll0 = bgNbdLogLikelihood(CDNOW, { x: 0, tx: 0, T: 10 });
    expect(Math.exp(ll0)).toBeCloseTo(Math.pow(4.414 / 14.414, 0.243), 10);
  });

  it('recovers known parameters from 10,000 customers drawn from the model', () => {
    const truth: BgNbdParams = { r: 0.8, alpha: 6, a: 1.4, b: 3.5 };
    const { params } = fitBgNbd(simulate(truth, 10_000, 7));
    expect(Math.abs(params.r - truth.r) / truth.r).toBeLessThan(0.15);
    expect(Math.abs(params.alpha - truth.alpha) / truth.alpha).toBeLessThan(0.2);
    // a and b are less well identified than r and α; their mean a / (a + b) (the dropout probability) is.
    expect(Math.abs(params.a / (params.a + params.b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.05);
  });

  it('fits better than the truth cannot: the fitted likelihood is at least the true parameters’', () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 3, a: 1.2, b: 2 };
    const data = simulate(truth, 3_000, 11);
    const { logLikelihood } = fitBgNbd(data);
    const atTruth = data.reduce((s, c) => s + bgNbdLogLikelihood(truth, c), 0);
    expect(logLikelihood).toBeGreaterThanOrEqual(atTruth - 1e-6);
  });

  it('sums the per-customer likelihood exactly in the fit’s shortcut', () => {
    const data = simulate(CDNOW, 200, 3);
    const direct = data.reduce((s, c) => s + bgNbdLogLikelihood(CDNOW, c), 0);
    expect(bgNbdTotalLogLikelihood(CDNOW, data)).toBeCloseTo(direct, 8);
  });

  it('refuses an empty population', () => {
    expect(() => fitBgNbd([])).toThrow(/no customers/);
  });
});
