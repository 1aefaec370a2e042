import { SeededRandom } from '../models/shared/seeded-random.js';
import {
  fitGammaGamma,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
  type SpendSummary,
} from './gamma-gamma.js';
import { sampleGamma } from './random-variates.js';

// Fader & Hardie's Gamma–Gamma fit on the CDNOW sample.
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

function simulate(g: GammaGammaParams, n: number, seed: number): SpendSummary[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const nu = sampleGamma(rng, g.q, g.gamma);
    const x = 1 + rng.int(8);
    let total = 0;
    for (let i = 0; i < x; i++) total += sampleGamma(rng, g.p, nu);
    return { x, meanValue: total / x };
  });
}

describe('Gamma–Gamma', () => {
  it('gives the hand-computed conditional mean order value', () => {
    // (γ + m x) p / (p x + q − 1) = (15.44 + 35 · 2) · 6.25 / (12.5 + 2.74) = 534 / 15.24
    expect(gammaGammaExpectedValue(CDNOW, { x: 2, meanValue: 35 })).toBeCloseTo(35.03937, 4);
    // Without repeat orders: the population mean p γ / (q − 1) = 96.5 / 2.74.
    expect(gammaGammaExpectedValue(CDNOW, { x: 0, meanValue: 0 })).toBeCloseTo(35.21898, 4);
    // Shrinkage: a big spender's estimate lies between their mean and the population's, nearer theirs with more orders.
    const few = gammaGammaExpectedValue(CDNOW, { x: 1, meanValue: 200 });
    const many = gammaGammaExpectedValue(CDNOW, { x: 20, meanValue: 200 });
    expect(few).toBeGreaterThan(35.2);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(200);
  });

  it('has a density that integrates to 1 over the mean value', () => {
    let total = 0;
    const h = 0.01;
    for (let m = h / 2; m < 400; m += h) total += Math.exp(gammaGammaLogLikelihood(CDNOW, { x: 3, meanValue: m })) * h;
    expect(total).toBeCloseTo(1, 3);
  });

  it('recovers known parameters from customers drawn from the model', () => {
    const truth: GammaGammaParams = { p: 4, q: 5, gamma: 60 };
    const { params } = fitGammaGamma(simulate(truth, 6_000, 5));
    // p is well identified; q and γ trade off, their ratio (the scale of ν) much less so.
    expect(Math.abs(params.p - truth.p) / truth.p).toBeLessThan(0.1);
    const mean = (g: GammaGammaParams) => (g.p * g.gamma) / (g.q - 1);
    expect(Math.abs(mean(params) - mean(truth)) / mean(truth)).toBeLessThan(0.05);
  });

  it('refuses data without a repeat order of positive value', () => {
    expect(() => fitGammaGamma([{ x: 0, meanValue: 0 }])).toThrow(/no customer/);
  });
});
