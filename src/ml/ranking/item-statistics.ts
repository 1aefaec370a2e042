// What the ranker knows about each item apart from any one shopper: how much it sells overall and lately, whether
// its buyers come back for it and how often, how long it has been on sale, its price. Fitted on the histories the
// ranker sees (validation training data while it learns, all data when it serves), measured back from the end of
// those histories so that "now" is the data's now.
import type { ItemFeatures, UserHistory } from '../dataset.js';

const DAY = 86_400_000;

/** Recent windows as shares of all purchase lines (the latest 2 %, 8 %, 25 %): adapts to any data span. */
export const RECENT_SHARES = [0.02, 0.08, 0.25] as const;

export interface ItemStatisticsState {
  numItems: number;
  endMs: number;
  /** Days from the first purchase in the data to endMs. */
  spanDays: number;
  /** Baskets per item over all the data. */
  baskets: number[];
  /** Baskets per item in each recent window (RECENT_SHARES), then each window's length in days. */
  recent: number[][];
  recentDays: number[];
  /** Smoothed share of an item's buyers who bought it in two or more baskets. */
  repeatRate: number[];
  /** Median days between repeat purchases of the item (the global median where nobody repeats it). */
  intervalDays: number[];
  firstSaleMs: number[];
  lastSaleMs: number[];
  /** Catalog price (NaN when unknown). */
  price: number[];
}

/** Per-item features that do not depend on the shopper or the clock, ITEM_TABLE_WIDTH per item (see itemTable). */
export const ITEM_TABLE_WIDTH = 9;

export class ItemStatistics {
  private table: Float32Array | null = null;

  constructor(readonly state: ItemStatisticsState) {}

  /**
   * log(1 + baskets), log(1 + baskets per day) in each recent window, the trend (log rate of the latest window
   * over the whole span), repeat rate, log(1 + interval days), has a price, log price: computed once, read per
   * candidate of every ranking.
   */
  itemTable(): Float32Array {
    if (this.table) return this.table;
    const s = this.state;
    const W = ITEM_TABLE_WIDTH;
    const t = new Float32Array(s.numItems * W);
    for (let i = 0; i < s.numItems; i++) {
      const o = i * W;
      t[o] = Math.log1p(s.baskets[i]);
      for (let w = 0; w < 3; w++) t[o + 1 + w] = Math.log1p(s.recent[w][i] / s.recentDays[w]);
      t[o + 4] = Math.log((s.recent[0][i] + 1) / s.recentDays[0]) - Math.log((s.baskets[i] + 1) / s.spanDays);
      t[o + 5] = s.repeatRate[i];
      t[o + 6] = Math.log1p(s.intervalDays[i]);
      const priced = Number.isFinite(s.price[i]);
      t[o + 7] = priced ? 1 : 0;
      t[o + 8] = priced ? Math.log(s.price[i]) : 0;
    }
    return (this.table = t);
  }

  get numItems(): number {
    return this.state.numItems;
  }

  get endMs(): number {
    return this.state.endMs;
  }

  static fit(histories: readonly UserHistory[], numItems: number, items?: readonly ItemFeatures[]): ItemStatistics {
    const n = numItems;
    const baskets = new Float64Array(n);
    const buyers = new Float64Array(n);
    const repeaters = new Float64Array(n);
    const first = new Float64Array(n).fill(Infinity);
    const last = new Float64Array(n).fill(-Infinity);
    const intervals: number[][] = Array.from({ length: n }, () => []);
    const lineTimes: number[] = [];
    let endMs = -Infinity;
    let startMs = Infinity;
    for (const h of histories) {
      const times = new Map<number, number[]>();
      for (const b of h.baskets) {
        if (b.time > endMs) endMs = b.time;
        if (b.time < startMs) startMs = b.time;
        for (const i of b.items) {
          if (i < 0 || i >= n) continue;
          lineTimes.push(b.time);
          baskets[i]++;
          if (b.time < first[i]) first[i] = b.time;
          if (b.time > last[i]) last[i] = b.time;
          const t = times.get(i);
          if (t) t.push(b.time);
          else times.set(i, [b.time]);
        }
      }
      for (const [i, ts] of times) {
        buyers[i]++;
        if (ts.length < 2) continue;
        repeaters[i]++;
        intervals[i].push((ts[ts.length - 1] - ts[0]) / (ts.length - 1) / DAY);
      }
    }
    if (!Number.isFinite(endMs)) endMs = 0;
    const sorted = Float64Array.from(lineTimes).sort();
    const cutoffs = RECENT_SHARES.map((share) =>
      sorted.length ? sorted[Math.max(0, Math.floor(sorted.length * (1 - share)))] : endMs,
    );
    const recent = cutoffs.map(() => new Array<number>(n).fill(0));
    for (const h of histories)
      for (const b of h.baskets)
        cutoffs.forEach((cut, w) => {
          if (b.time < cut) return;
          for (const i of b.items) if (i >= 0 && i < n) recent[w][i]++;
        });
    const totalBuyers = buyers.reduce((a, b) => a + b, 0);
    const meanRate = totalBuyers ? repeaters.reduce((a, b) => a + b, 0) / totalBuyers : 0;
    const globalInterval = median(intervals.flat()) ?? 30;
    return new ItemStatistics({
      numItems: n,
      endMs,
      spanDays: Number.isFinite(startMs) ? Math.max(1, (endMs - startMs) / DAY) : 1,
      baskets: Array.from(baskets),
      recent,
      recentDays: cutoffs.map((cut) => Math.max(1, (endMs - cut) / DAY)),
      repeatRate: Array.from(buyers, (b, i) => (repeaters[i] + meanRate) / (b + 1)),
      intervalDays: intervals.map((xs) => median(xs) ?? globalInterval),
      firstSaleMs: Array.from(first, (t) => (Number.isFinite(t) ? t : endMs)),
      lastSaleMs: Array.from(last, (t) => (Number.isFinite(t) ? t : endMs)),
      price: Array.from({ length: n }, (_, i) => {
        const p = items?.[i]?.price;
        return p !== null && p !== undefined && Number.isFinite(p) && p > 0 ? p : Number.NaN;
      }),
    });
  }

  /** JSON has no NaN: unknown prices travel as null. */
  toJSON(): unknown {
    return { ...this.state, price: this.state.price.map((p) => (Number.isFinite(p) ? p : null)) };
  }

  static fromJSON(raw: unknown): ItemStatistics {
    const s = raw as Omit<ItemStatisticsState, 'price'> & { price: (number | null)[] };
    const n = s.numItems;
    const lengths = [s.baskets, s.repeatRate, s.intervalDays, s.firstSaleMs, s.lastSaleMs, s.price, ...s.recent];
    if (lengths.some((a) => !Array.isArray(a) || a.length !== n))
      throw new Error(`item statistics: every array must cover ${n} items`);
    return new ItemStatistics({ ...s, price: s.price.map((p) => (p === null ? Number.NaN : p)) });
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
