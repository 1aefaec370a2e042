// The features of one (shopper, candidate) pair, the ranker's input: what the shopper did with the item (counts,
// recency, their rhythm against the item's usual interval; not quantities, which a request's purchase lines lack), what the item does in the shop (popularity now and its
// trend, repeat rate, age, price against the shopper's usual), who the shopper is (history length, idle time), and
// every source's opinion as a z-score over the catalog and a rank within the pool. Raw values: the network
// standardises them with constants fitted on its training lists.
import { ITEM_TABLE_WIDTH, type ItemStatistics } from './item-statistics.js';
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

// Read once: these loops run per candidate for every request.
const log1p = Math.log1p;
const isFiniteNumber = Number.isFinite;

/** Index of the first entry of ascending `sorted` above `v`. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mean and standard deviation of a row's finite entries among the first n. */
export function rowMoments(row: ArrayLike<number>, n: number): { mean: number; std: number; min: number } {
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  let min = Infinity;
  const len = Math.min(n, row.length);
  for (let i = 0; i < len; i++) {
    const s = row[i];
    if (!isFiniteNumber(s)) continue;
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
  const table = stats.itemTable();
  const W = ITEM_TABLE_WIDTH;
  const logUsualPrice = isFiniteNumber(profile.meanPrice) ? Math.log(profile.meanPrice) : Number.NaN;
  for (let r = 0; r < pool.length; r++) {
    const item = pool[r];
    let f = r * F;
    const mine = profile.own.get(item);
    const interval = s.intervalDays[item];
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
    const t = item * W;
    for (let k = 0; k < 7; k++) out[f++] = table[t + k];
    out[f++] = log1p(Math.max(0, (nowMs - s.firstSaleMs[item]) / DAY));
    out[f++] = log1p(Math.max(0, (nowMs - s.lastSaleMs[item]) / DAY));
    out[f++] = table[t + 7];
    out[f++] = table[t + 8];
    out[f++] = table[t + 7] && isFiniteNumber(logUsualPrice) ? table[t + 8] - logUsualPrice : 0;
    for (const u of user) out[f++] = u;
  }
  // Sources: z-score over the catalog row, log rank within the pool (0 for the best).
  const base = PERSONAL.length + ITEM.length + USER.length;
  const values = new Float64Array(pool.length);
  SCORE_SOURCES.forEach((name, k) => {
    const col = base + 2 * k;
    const row = rows[name];
    if (!row) {
      for (let r = 0; r < pool.length; r++) out[r * F + col] = out[r * F + col + 1] = 0;
      return;
    }
    const { mean, std, min } = rowMoments(row, n);
    for (let r = 0; r < pool.length; r++) {
      const i = pool[r];
      const v = i < row.length ? row[i] : min;
      values[r] = isFiniteNumber(v) ? v : min;
      out[r * F + col] = (values[r] - mean) / std;
    }
    // rank = how many pool items score strictly higher (ties share a rank)
    const sorted = values.slice().sort();
    for (let r = 0; r < pool.length; r++) out[r * F + col + 1] = log1p(pool.length - upperBound(sorted, values[r]));
  });
  return out;
}
