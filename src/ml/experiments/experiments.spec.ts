import { analyseExperiment, type VariantCounts } from './analysis.js';
import { assignmentBucket, assignVariant, pickVariant } from './assignment.js';
import { meanFromSums, normalCdf, twoProportionZTest, welchZTest, wilsonInterval } from './stats.js';

describe('assignment', () => {
  const split = [
    { name: 'control', trafficShare: 0.5 },
    { name: 'b', trafficShare: 0.3 },
    { name: 'c', trafficShare: 0.2 },
  ];

  it('is a stable number in [0, 1) for (experiment, user)', () => {
    const b = assignmentBucket('42', 'user-17850');
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(1);
    expect(assignmentBucket('42', 'user-17850')).toBe(b);
    expect(assignmentBucket('43', 'user-17850')).not.toBe(b);
  });

  it('picks the variant whose cumulative slice contains the bucket', () => {
    expect(pickVariant(split, 0).name).toBe('control');
    expect(pickVariant(split, 0.4999).name).toBe('control');
    expect(pickVariant(split, 0.5).name).toBe('b');
    expect(pickVariant(split, 0.7999).name).toBe('b');
    expect(pickVariant(split, 0.8).name).toBe('c');
    // Shares that sum to a hair under 1 (0.7 + 0.2 + 0.1 = 0.9999999999999999 in doubles) never drop a user.
    expect(
      pickVariant(
        [
          { name: 'x', trafficShare: 0.7 },
          { name: 'y', trafficShare: 0.2 },
          { name: 'z', trafficShare: 0.1 },
        ],
        0.7 + 0.2 + 0.1,
      ).name,
    ).toBe('z');
    expect(0.7 + 0.2 + 0.1).toBeLessThan(1);
  });

  it('splits 100k synthetic users within ±1 percentage point of the shares', () => {
    const counts = new Map<string, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const v = assignVariant('7', `u${i}`, split).name;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(Math.abs(counts.get('control')! / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(counts.get('b')! / n - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts.get('c')! / n - 0.2)).toBeLessThan(0.01);
  });

  it('splits two experiments independently (same arm in both ≈ 50 % for two 50/50 tests)', () => {
    const half = [
      { name: 'a', trafficShare: 0.5 },
      { name: 'b', trafficShare: 0.5 },
    ];
    let same = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++)
      if (assignVariant('1', `u${i}`, half).name === assignVariant('2', `u${i}`, half).name) same++;
    expect(Math.abs(same / n - 0.5)).toBeLessThan(0.02);
  });
});

describe('stats (hand-computed)', () => {
  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 5);
  });

  it('Wilson interval of 10/100 is [0.0552, 0.1744]', () => {
    // p = 0.1, z² = 3.8415: centre 0.119207, half 1.96·√(0.0009 + 0.000096) = 0.061858, denominator 1.038415.
    const ci = wilsonInterval(10, 100);
    expect(ci.low).toBeCloseTo(0.0552, 4);
    expect(ci.high).toBeCloseTo(0.1744, 4);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(0, 50).low).toBeCloseTo(0, 12);
  });

  it('two-proportion z-test: 100/1000 vs 130/1000 → z = 2.103, p = 0.0355', () => {
    // pooled 0.115; se = √(0.115·0.885·(2/1000)) = 0.014267; z = 0.03 / 0.014267.
    const t = twoProportionZTest(100, 1000, 130, 1000);
    expect(t.difference).toBeCloseTo(0.03, 10);
    expect(t.z).toBeCloseTo(2.1027, 3);
    expect(t.pValue).toBeCloseTo(0.0355, 3);
    // Unpooled interval: 0.03 ± 1.96·√(0.09/1000 + 0.1131/1000) = 0.03 ± 0.02793.
    expect(t.differenceInterval.low).toBeCloseTo(0.00207, 4);
    expect(t.differenceInterval.high).toBeCloseTo(0.05793, 4);
  });

  it('z-test is symmetric and undefined cases give p = 1', () => {
    expect(twoProportionZTest(130, 1000, 100, 1000).z).toBeCloseTo(-2.1027, 3);
    expect(twoProportionZTest(0, 100, 0, 100).pValue).toBe(1);
    expect(twoProportionZTest(0, 0, 3, 10).pValue).toBe(1);
  });

  it('mean with interval from sums: [0, 0, 10, 20]', () => {
    // mean 7.5; variance (500 − 4·56.25) / 3 = 91.667, sd 9.5743; half 1.96·9.5743/2 = 9.3826.
    const m = meanFromSums(4, 30, 500);
    expect(m.mean).toBe(7.5);
    expect(m.sd).toBeCloseTo(9.5743, 4);
    expect(m.interval.low).toBeCloseTo(-1.8826, 3);
    expect(m.interval.high).toBeCloseTo(16.8826, 3);
    expect(meanFromSums(0, 0, 0).mean).toBe(0);
  });

  it('Welch z: means 10 vs 12, sd 4 and 6, n 100 each → z = 2/√(0.16+0.36) = 2.7735', () => {
    const t = welchZTest(
      { mean: 10, sd: 4, n: 100, interval: { low: 0, high: 0 } },
      { mean: 12, sd: 6, n: 100, interval: { low: 0, high: 0 } },
    );
    expect(t.z).toBeCloseTo(2.7735, 4);
    expect(t.pValue).toBeCloseTo(0.00555, 4);
  });
});

describe('verdict', () => {
  const v = (name: string, users: number, converters: number, control = false): VariantCounts => ({
    name,
    control,
    users,
    impressions: users * 10,
    clicks: converters * 2,
    addToCarts: converters,
    converters,
    revenue: converters * 10,
    revenueSquares: converters * 100,
  });
  const opts = { alpha: 0.05, minUsersPerVariant: 100 };

  it('waits for the minimum sample in every variant, even with a large difference', () => {
    const a = analyseExperiment([v('control', 1000, 100, true), v('b', 99, 60)], opts);
    expect(a.verdict).toBe('NO_DIFFERENCE_YET');
    expect(a.reason).toMatch(/"b" has 99/);
  });

  it('declares the significantly better treatment the winner (p = 0.0355 < 0.05)', () => {
    const a = analyseExperiment([v('control', 1000, 100, true), v('b', 1000, 130)], opts);
    expect(a.verdict).toBe('WINNER');
    expect(a.verdictVariant).toBe('b');
    const b = a.variants.find((x) => x.name === 'b')!;
    expect(b.conversionRate).toBe(0.13);
    expect(b.ctr).toBeCloseTo(0.026, 10);
    expect(b.revenuePerUser.mean).toBe(1.3);
    expect(a.variants.find((x) => x.control)!.conversionTest).toBeNull();
  });

  it('Bonferroni: the same p = 0.0355 is not enough with two treatments (alpha 0.025 each)', () => {
    const a = analyseExperiment([v('control', 1000, 100, true), v('b', 1000, 130), v('c', 1000, 100)], opts);
    expect(a.comparisonAlpha).toBe(0.025);
    expect(a.verdict).toBe('NO_DIFFERENCE_YET');
  });

  it('breaches the guardrail when a treatment converts significantly worse (70 vs 100 per 1000, p = 0.016)', () => {
    const a = analyseExperiment([v('control', 1000, 100, true), v('b', 1000, 70)], opts);
    expect(a.verdict).toBe('GUARDRAIL_BREACHED');
    expect(a.verdictVariant).toBe('b');
    expect(a.variants[1].conversionTest!.pValue).toBeCloseTo(0.0162, 3);
  });

  it('the guardrail wins over a winner in another arm', () => {
    const a = analyseExperiment([v('control', 2000, 200, true), v('b', 2000, 260), v('c', 2000, 130)], opts);
    expect(a.verdict).toBe('GUARDRAIL_BREACHED');
    expect(a.verdictVariant).toBe('c');
  });

  it('no difference when the rates are close', () => {
    const a = analyseExperiment([v('control', 1000, 100, true), v('b', 1000, 105)], opts);
    expect(a.verdict).toBe('NO_DIFFERENCE_YET');
    expect(a.verdictVariant).toBeNull();
  });
});
