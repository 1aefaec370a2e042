import { classifyValue, fitValueCutPoints, summarizeValueSegments, type ValueInput } from './value-segment.js';

// Ten customers with CLV 10, 20, …, 100, P(alive) 0.1 … 1.0 and past spend 100 … 1000 in the same order.
const ten: ValueInput[] = Array.from({ length: 10 }, (_, i) => ({
  clv: 10 * (i + 1),
  probabilityAlive: (i + 1) / 10,
  pastValue: 100 * (i + 1),
}));

describe('value segments', () => {
  it('fits the thresholds as interpolated percentiles of the customers', () => {
    // h = 9 · 0.9 = 8.1 → 90 + 0.1 · 10 = 91; median h = 4.5 → 55; P(alive) h = 1.8 → 0.2 + 0.8 · 0.1 = 0.28;
    // past spend h = 7.2 → 800 + 0.2 · 100 = 820.
    const cuts = fitValueCutPoints(ten);
    expect(cuts.highClv).toBeCloseTo(91, 10);
    expect(cuts.mediumClv).toBeCloseTo(55, 10);
    expect(cuts.riskProbabilityAlive).toBeCloseTo(0.28, 10);
    expect(cuts.highPastValue).toBeCloseTo(820, 10);
  });

  it('puts the top decile in the high tier, the upper half in medium, and flags the least likely alive', () => {
    const cuts = fitValueCutPoints(ten);
    const classes = ten.map((c) => classifyValue(c, cuts));
    expect(classes.map((c) => c.valueTier)).toEqual([
      'low',
      'low',
      'low',
      'low',
      'low',
      'medium',
      'medium',
      'medium',
      'medium',
      'high',
    ]);
    expect(classes.map((c) => c.atRisk)).toEqual([true, true, false, false, false, false, false, false, false, false]);
    expect(classes.map((c) => c.valueSegment)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'high-value',
    ]);
  });

  it('names a big past spender who is slipping away high-value-at-risk, whatever the predicted CLV', () => {
    const cuts = fitValueCutPoints(ten);
    expect(classifyValue({ clv: 5, probabilityAlive: 0.15, pastValue: 900 }, cuts)).toEqual({
      valueTier: 'low',
      atRisk: true,
      valueSegment: 'high-value-at-risk',
    });
    // Top CLV but at risk: not high-value (the two segments do not overlap).
    expect(classifyValue({ clv: 200, probabilityAlive: 0.2, pastValue: 100 }, cuts)).toEqual({
      valueTier: 'high',
      atRisk: true,
      valueSegment: null,
    });
  });

  it('never flags P(alive) = 1 (no repeat orders yet), even when most customers have it', () => {
    const oneTimers = Array.from({ length: 9 }, () => ({ clv: 1, probabilityAlive: 1, pastValue: 10 }));
    const base = [...oneTimers, { clv: 50, probabilityAlive: 0.5, pastValue: 500 }];
    const cuts = fitValueCutPoints(base);
    expect(cuts.riskProbabilityAlive).toBe(1);
    expect(base.map((c) => classifyValue(c, cuts).atRisk)).toEqual([...oneTimers.map(() => false), true]);
    expect(classifyValue(base[9], cuts).valueSegment).toBe('high-value-at-risk');
  });

  it('scales with the data: multiplying every amount moves the thresholds, not the classes', () => {
    const scaled = ten.map((c) => ({ ...c, clv: c.clv * 1000, pastValue: c.pastValue * 1000 }));
    const a = ten.map((c) => classifyValue(c, fitValueCutPoints(ten)));
    const b = scaled.map((c) => classifyValue(c, fitValueCutPoints(scaled)));
    expect(b).toEqual(a);
  });

  it('summarises a run: every value segment with its size (0 included) and the customers at risk', () => {
    const cuts = fitValueCutPoints(ten);
    const classes = [...ten, { clv: 5, probabilityAlive: 0.15, pastValue: 900 }].map((c) => classifyValue(c, cuts));
    expect(summarizeValueSegments(classes, cuts)).toEqual({
      cutPoints: cuts,
      sizes: [
        { segment: 'high-value', customers: 1 },
        { segment: 'high-value-at-risk', customers: 1 },
      ],
      atRisk: 3,
    });
    expect(summarizeValueSegments([], cuts).sizes.map((s) => s.customers)).toEqual([0, 0]);
  });

  it('refuses an empty base', () => {
    expect(() => fitValueCutPoints([])).toThrow(/no customers/);
  });
});
