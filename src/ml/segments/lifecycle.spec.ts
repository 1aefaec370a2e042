import {
  DAY_MS,
  interOrderIntervalsDays,
  lifecycleOf,
  nextPurchaseWindow,
  percentile,
  validateLifecycleThresholds,
  DEFAULT_LIFECYCLE_THRESHOLDS,
} from './lifecycle.js';

// Times as day numbers from an arbitrary origin in 2011 (the data's era, not the wall clock).
const ORIGIN = Date.UTC(2011, 0, 1);
const day = (d: number) => ORIGIN + d * DAY_MS;
const days = (...ds: number[]) => ds.map(day);
const NOW = day(400);

describe('percentile (type 7, linear interpolation)', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(percentile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(percentile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(percentile([7], 0.25)).toBe(7);
    expect(percentile([10, 20], 1)).toBe(20);
    expect(() => percentile([], 0.5)).toThrow(RangeError);
  });

  it('measures inter-order intervals in days, sorted', () => {
    expect(interOrderIntervalsDays(days(0, 100, 200, 280))).toEqual([80, 100, 100]);
    expect(interOrderIntervalsDays(days(5))).toEqual([]);
  });
});

describe('lifecycleOf (defaults: new 30, active 90, lapsed 180, factor 1.5)', () => {
  it.each([
    ['one order 10 days ago', [390], 'new'],
    ['one order exactly 30 days ago', [370], 'new'],
    ['one order 60 days ago', [340], 'active'],
    ['one order exactly 90 days ago', [310], 'active'],
    ['one order 150 days ago', [250], 'at-risk'],
    ['one order exactly 180 days ago', [220], 'at-risk'],
    ['one order 300 days ago', [100], 'lapsed'],
    ['two orders in the last 20 days (not new: two orders)', [380, 390], 'active'],
    ['every 60 days, last 120 days ago (1.5 × 60 = 90 < 120)', [100, 160, 220, 280], 'at-risk'],
    ['every ~100 days, last 120 days ago (1.5 × 100 = 150 ≥ 120)', [0, 100, 200, 280], 'active'],
    ['every 200 days, last 190 days ago (lapsed is absolute)', [10, 210], 'lapsed'],
  ])('%s → %s', (_name, orderDays, stage) => {
    expect(lifecycleOf(days(...orderDays), NOW).stage).toBe(stage);
  });

  it('reports the ages, the typical interval and the next-purchase window', () => {
    const r = lifecycleOf(days(0, 100, 200, 280), NOW);
    expect(r).toMatchObject({ stage: 'active', orders: 4, daysSinceFirst: 400, daysSinceLast: 120 });
    expect(r.typicalIntervalDays).toBe(100);
    expect(r.firstOrderAt).toEqual(new Date(day(0)));
    expect(r.lastOrderAt).toEqual(new Date(day(280)));
    // intervals [80, 100, 100]: p25 = 80 + 0.5·20 = 90, p50 = 100, p75 = 100 (h = 1.5)
    expect(r.nextPurchase).toEqual({ from: new Date(day(370)), to: new Date(day(380)), medianIntervalDays: 100 });
  });

  it('has no typical interval or window for a one-time buyer', () => {
    const r = lifecycleOf(days(390), NOW);
    expect(r.typicalIntervalDays).toBeNull();
    expect(r.nextPurchase).toBeNull();
    expect(nextPurchaseWindow(days(390))).toBeNull();
  });

  it('gives a point window for two orders', () => {
    expect(nextPurchaseWindow(days(380, 390))).toEqual({
      from: new Date(day(400)),
      to: new Date(day(400)),
      medianIntervalDays: 10,
    });
  });

  it('follows custom thresholds', () => {
    const t = { newDays: 7, activeDays: 30, lapsedDays: 60, intervalFactor: 2 };
    expect(lifecycleOf(days(390), NOW, t).stage).toBe('active'); // 10 days: too old for new
    expect(lifecycleOf(days(360), NOW, t).stage).toBe('at-risk'); // 40 days
    expect(lifecycleOf(days(300, 330, 360), NOW, t).stage).toBe('active'); // 40 ≤ 2 × 30
    expect(lifecycleOf(days(330), NOW, t).stage).toBe('lapsed'); // 70 days
  });

  it('rejects empty or unordered histories and inconsistent thresholds', () => {
    expect(() => lifecycleOf([], NOW)).toThrow(RangeError);
    expect(() => lifecycleOf(days(20, 10), NOW)).toThrow(/ascending/);
    expect(validateLifecycleThresholds(DEFAULT_LIFECYCLE_THRESHOLDS)).toBe(DEFAULT_LIFECYCLE_THRESHOLDS);
    expect(() => validateLifecycleThresholds({ ...DEFAULT_LIFECYCLE_THRESHOLDS, lapsedDays: 60 })).toThrow(
      /lapsedDays/,
    );
    expect(() => validateLifecycleThresholds({ ...DEFAULT_LIFECYCLE_THRESHOLDS, intervalFactor: 0 })).toThrow(
      /intervalFactor/,
    );
  });
});
