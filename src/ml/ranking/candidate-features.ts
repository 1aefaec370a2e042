// The features of one (shopper, candidate) pair, the ranker's input: what the shopper did with the item (counts,
// recency, their rhythm against the item's usual interval; not quantities, which a request's purchase lines lack), what the item does in the shop (popularity now and its
// trend, repeat rate, age, price against the shopper's usual), who the shopper is (history length, idle time), and
// every source's opinion as a z-score over the catalog and a rank within the pool. Raw values: the network
// standardises them with constants fitted on its training lists.
import type { ItemStatistics } from './item-statistics.js';
import type { PurchaseProfile } from './purchase-profile.js';
import { SCORE_SOURCES, type SourceRows } from './score-sources.js';

const DAY = 86_400_000;

const PERSONAL = [
  'own',
  'ownBaskets',
  'ownShare',
  'daysSinceBought',
  'inLatestBasket',
  'basketsAgo',
  'dueRatio',
] as const;
const ITEM = [
  'itemBaskets',
  'recentRate0',
  'recentRate1',
  'recentRate2',
  'trend',
  'repeatRate',
  'intervalDays',
  'ageDays',
  'daysSinceSale',
  'hasPrice',
  'price',
  'priceVsUsual',
] as const;
const USER = ['userBaskets', 'userSpanDays', 'userIdleDays', 'userBasketSize', 'userDistinctItems'] as const;

export const FEATURE_NAMES: readonly string[] = [
  ...PERSONAL,
  ...ITEM,
  ...USER,
  ...SCORE_SOURCES.flatMap((s) => [`${s}:z`, `${s}:rank`]),
];
export const FEATURE_COUNT = FEATURE_NAMES.length;

const log1p = Math.log1p;

/** Mean and standard deviation of a row's finite entries among the first n. */
export function rowMoments(row: ArrayLike<number>, n: number): { mean: number; std: number; min: number } {
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  let min = Infinity;
  const len = Math.min(n, row.length);
  for (let i = 0; i < len; i++) {
    const s = row[i];
    if (!Number.isFinite(s)) continue;
    sum += s;
    sumSq += s * s;
    count++;
    if (s < min) min = s;
  }
  if (count === 0) return { mean: 0, std: 1, min: 0 };
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(sumSq / count - mean * mean, 0)) || 1, min };
}

/**
 * Row-major [pool.length × FEATURE_COUNT] features. `nowMs` is the ranking's "now" (the data's end when
 * learning, the request's anchor when serving).
 */
export function candidateFeatures(
  pool: Int32Array,
  profile: PurchaseProfile,
  stats: ItemStatistics,
  rows: SourceRows,
  nowMs: number,
  out: Float32Array = new Float32Array(pool.length * FEATURE_COUNT),
): Float32Array {
  const F = FEATURE_COUNT;
  const s = stats.state;
  const n = stats.numItems;
  const user = [
    log1p(profile.baskets),
    log1p(profile.spanDays),
    log1p(profile.idleDays),
    log1p(profile.meanBasketSize),
    log1p(profile.own.size),
  ];
  const latest = new Set(profile.latestBasket);
  pool.forEach((item, r) => {
    const o = r * F;
    let f = o;
    const mine = profile.own.get(item);
    const interval = s.intervalDays[item] ?? 30;
    if (mine) {
      const since = Math.max(0, (nowMs - mine.lastMs) / DAY);
      out[f++] = 1;
      out[f++] = log1p(mine.baskets);
      out[f++] = mine.baskets / Math.max(1, profile.baskets);
      out[f++] = log1p(since);
      out[f++] = latest.has(item) ? 1 : 0;
      out[f++] = log1p(mine.basketsAgo);
      out[f++] = Math.log((since + 1) / (interval + 1));
    } else for (let k = 0; k < PERSONAL.length; k++) out[f++] = 0;
    const recentRate = (w: number) => log1p((s.recent[w][item] ?? 0) / s.recentDays[w]);
    const price = s.price[item];
    out[f++] = log1p(s.baskets[item] ?? 0);
    out[f++] = recentRate(0);
    out[f++] = recentRate(1);
    out[f++] = recentRate(2);
    out[f++] =
      Math.log(((s.recent[0][item] ?? 0) + 1) / s.recentDays[0]) - Math.log(((s.baskets[item] ?? 0) + 1) / s.spanDays);
    out[f++] = s.repeatRate[item] ?? 0;
    out[f++] = log1p(interval);
    out[f++] = log1p(Math.max(0, (nowMs - (s.firstSaleMs[item] ?? nowMs)) / DAY));
    out[f++] = log1p(Math.max(0, (nowMs - (s.lastSaleMs[item] ?? nowMs)) / DAY));
    const hasPrice = item < n && Number.isFinite(price);
    out[f++] = hasPrice ? 1 : 0;
    out[f++] = hasPrice ? Math.log(price) : 0;
    out[f++] = hasPrice && Number.isFinite(profile.meanPrice) ? Math.log(price / profile.meanPrice) : 0;
    for (const u of user) out[f++] = u;
  });
  // Sources: z-score over the catalog row, log rank within the pool (0 for the best).
  const base = PERSONAL.length + ITEM.length + USER.length;
  const order = Int32Array.from(pool.keys());
  SCORE_SOURCES.forEach((name, k) => {
    const col = base + 2 * k;
    const row = rows[name];
    if (!row) {
      for (let r = 0; r < pool.length; r++) out[r * F + col] = out[r * F + col + 1] = 0;
      return;
    }
    const { mean, std, min } = rowMoments(row, n);
    const value = (i: number) => {
      const v = i < row.length ? row[i] : min;
      return Number.isFinite(v) ? v : min;
    };
    for (let r = 0; r < pool.length; r++) out[r * F + col] = (value(pool[r]) - mean) / std;
    order.sort((a, b) => value(pool[b]) - value(pool[a]));
    order.forEach((r, rank) => (out[r * F + col + 1] = log1p(rank)));
  });
  return out;
}
