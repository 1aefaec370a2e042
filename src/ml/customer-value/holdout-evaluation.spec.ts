import { SeededRandom } from '../models/shared/seeded-random.js';
import { DAY_MS, summarizeOrders, type CustomerOrders } from './customer-orders.js';
import { evaluateOnHoldout, topDecileShare } from './holdout-evaluation.js';
import { sampleBeta, sampleGamma } from './random-variates.js';

const START = Date.UTC(2011, 0, 1);

/** Customers joining over 200 days and buying by the BG/NBD process for 400 days, order values by Gamma–Gamma. */
function simulateOrders(n: number, seed: number): CustomerOrders[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const lambda = sampleGamma(rng, 0.9, 20);
    const drop = sampleBeta(rng, 1.5, 6);
    const nu = sampleGamma(rng, 4, 200);
    const first = rng.next() * 200;
    const orders = [{ ms: START + first * DAY_MS, value: sampleGamma(rng, 3, nu) }];
    for (let t = first; ;) {
      t += -Math.log(1 - rng.next()) / lambda;
      if (t > 400) break;
      orders.push({ ms: START + t * DAY_MS, value: sampleGamma(rng, 3, nu) });
      if (rng.next() < drop) break;
    }
    return { userId: `c${i}`, orders };
  });
}

describe('topDecileShare', () => {
  it('is the share of the total held by the first tenth of the ranking', () => {
    const actual = new Map(Array.from({ length: 20 }, (_, i) => [`u${i}`, i === 0 ? 50 : i === 19 ? 30 : 1]));
    // 20 customers → top 2: u0 (50) + u1 (1) of 50 + 30 + 18 = 98.
    const ranked = Array.from({ length: 20 }, (_, i) => `u${i}`);
    expect(topDecileShare(ranked, actual)).toBeCloseTo(51 / 98, 12);
    expect(topDecileShare([...ranked].reverse(), actual)).toBeCloseTo(31 / 98, 12);
  });
});

describe('summarizeOrders', () => {
  it('counts repeat orders up to the cutoff, in days from the first', () => {
    const c = {
      userId: 'a',
      orders: [
        { ms: START, value: 10 },
        { ms: START + 10 * DAY_MS, value: 20 },
        { ms: START + 30 * DAY_MS, value: 40 },
      ],
    };
    expect(summarizeOrders(c, START + 20 * DAY_MS)).toEqual({
      userId: 'a',
      repeat: { x: 1, tx: 10, T: 20 },
      spend: { x: 1, meanValue: 20 },
      orders: 2,
      monetary: 30,
      recencyDays: 10,
    });
    expect(summarizeOrders(c, START - 1)).toBeNull();
  });
});

describe('evaluateOnHoldout', () => {
  it('forecasts the holdout on data drawn from the models, beating the calibration-rate baseline', () => {
    const data = simulateOrders(3_000, 21);
    const e = evaluateOnHoldout(data, 90, { annualDiscountRate: 0, periodDays: 30 });
    const lastMs = Math.max(...data.map((c) => c.orders[c.orders.length - 1].ms));
    expect(e.cutoff).toBe(new Date(lastMs - 90 * DAY_MS).toISOString());
    expect(e.customers).toBe(data.filter((c) => c.orders[0].ms <= lastMs - 90 * DAY_MS).length);
    expect(Math.abs(e.meanPredictedPurchases - e.meanActualPurchases) / e.meanActualPurchases).toBeLessThan(0.15);
    expect(e.purchasesMae).toBeLessThan(e.purchasesMaeRateBaseline);
    expect(e.topDecileRevenueShareClv).toBeGreaterThan(0.1);
    expect(e.topDecileRevenueShareClv).toBeLessThanOrEqual(1);
  });

  it('refuses data with almost nobody before the cutoff', () => {
    expect(() => evaluateOnHoldout(simulateOrders(5, 1), 90, { annualDiscountRate: 0, periodDays: 30 })).toThrow(
      /too few customers/,
    );
  });
});
