// Lifecycle stage of a customer and a predicted window for the next purchase, from the times of
// the customer's orders. "now" is the data's reference time (the newest purchase, or a given
// instant), never the wall clock: the demo data ends in 2011.

export const LIFECYCLE_STAGES = ['new', 'active', 'at-risk', 'lapsed'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface LifecycleThresholds {
  /** A one-order customer whose first order is at most this old is "new". */
  newDays: number;
  /** A last order at most this old makes a customer "active". */
  activeDays: number;
  /** A last order older than this makes a customer "lapsed"; in between is "at-risk". */
  lapsedDays: number;
  /** A customer is also "active" while the last order is at most this × their typical interval old. */
  intervalFactor: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = {
  newDays: 30,
  activeDays: 90,
  lapsedDays: 180,
  intervalFactor: 1.5,
};

export interface NextPurchaseWindow {
  /** last order + 25th percentile of the inter-order intervals. */
  from: Date;
  /** last order + 75th percentile of the inter-order intervals. */
  to: Date;
  /** Median inter-order interval in days (the point estimate is last order + this). */
  medianIntervalDays: number;
}

export interface LifecycleResult {
  stage: LifecycleStage;
  orders: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
  daysSinceFirst: number;
  daysSinceLast: number;
  /** Median interval between consecutive orders in days; null for one-order customers. */
  typicalIntervalDays: number | null;
  /** Null for one-order customers (no interval to learn from). */
  nextPurchase: NextPurchaseWindow | null;
}

export const DAY_MS = 86_400_000;

/**
 * Percentile with linear interpolation between closest ranks (Hyndman & Fan type 7, as numpy's
 * default and PostgreSQL's percentile_cont): h = (n − 1)·p, x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
 * `sorted` must be ascending and non-empty.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Days between consecutive order times (ascending input), ascending. */
export function interOrderIntervalsDays(orderTimes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < orderTimes.length; i++) out.push((orderTimes[i] - orderTimes[i - 1]) / DAY_MS);
  return out.sort((a, b) => a - b);
}

/** Next purchase expected in [last + p25, last + p75] of the customer's own intervals. */
export function nextPurchaseWindow(orderTimes: readonly number[]): NextPurchaseWindow | null {
  const intervals = interOrderIntervalsDays(orderTimes);
  if (intervals.length === 0) return null;
  const last = orderTimes[orderTimes.length - 1];
  return {
    from: new Date(last + percentile(intervals, 0.25) * DAY_MS),
    to: new Date(last + percentile(intervals, 0.75) * DAY_MS),
    medianIntervalDays: percentile(intervals, 0.5),
  };
}

/**
 * Rules, first match wins (d = days since the last order, D = days since the first order):
 *   new      orders ≤ 1 and D ≤ newDays
 *   lapsed   d > lapsedDays                    (absolute: a slow personal rhythm does not excuse it)
 *   active   d ≤ activeDays, or d ≤ intervalFactor × typical interval
 *   at-risk  otherwise (activeDays < d ≤ lapsedDays and overdue for the customer's rhythm)
 *
 * @param orderTimes epoch milliseconds of the customer's orders (one per basket), ascending, non-empty
 * @param now reference time in epoch milliseconds (orders after it must already be excluded)
 */
export function lifecycleOf(
  orderTimes: readonly number[],
  now: number,
  thresholds: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS,
): LifecycleResult {
  if (orderTimes.length === 0) throw new RangeError('lifecycleOf needs at least one order');
  for (let i = 1; i < orderTimes.length; i++) {
    if (orderTimes[i] < orderTimes[i - 1]) throw new RangeError('order times must be ascending');
  }
  const first = orderTimes[0];
  const last = orderTimes[orderTimes.length - 1];
  const daysSinceFirst = (now - first) / DAY_MS;
  const daysSinceLast = (now - last) / DAY_MS;
  const next = nextPurchaseWindow(orderTimes);
  const typical = next?.medianIntervalDays ?? null;
  let stage: LifecycleStage;
  if (orderTimes.length <= 1 && daysSinceFirst <= thresholds.newDays) stage = 'new';
  else if (daysSinceLast > thresholds.lapsedDays) stage = 'lapsed';
  else if (
    daysSinceLast <= thresholds.activeDays ||
    (typical !== null && daysSinceLast <= thresholds.intervalFactor * typical)
  )
    stage = 'active';
  else stage = 'at-risk';
  return {
    stage,
    orders: orderTimes.length,
    firstOrderAt: new Date(first),
    lastOrderAt: new Date(last),
    daysSinceFirst,
    daysSinceLast,
    typicalIntervalDays: typical,
    nextPurchase: next,
  };
}

/** Checks thresholds read from configuration: 0 ≤ new, 0 < active ≤ lapsed, factor > 0. */
export function validateLifecycleThresholds(t: LifecycleThresholds): LifecycleThresholds {
  if (!(t.newDays >= 0)) throw new RangeError(`newDays must be ≥ 0, got ${t.newDays}`);
  if (!(t.activeDays > 0)) throw new RangeError(`activeDays must be > 0, got ${t.activeDays}`);
  if (!(t.lapsedDays >= t.activeDays)) {
    throw new RangeError(`lapsedDays (${t.lapsedDays}) must be ≥ activeDays (${t.activeDays})`);
  }
  if (!(t.intervalFactor > 0)) throw new RangeError(`intervalFactor must be > 0, got ${t.intervalFactor}`);
  return t;
}
