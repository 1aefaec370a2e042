// The baseline sources' scores: popular, trending, buy-again, co-purchase. Pure functions over counts the
// repository aggregates; "now" is always the newest event in the data, passed in by the caller.

export const DAY_MS = 24 * 3600 * 1000;

export interface WindowCount {
  itemId: string;
  /** Distinct purchasing users in the recent half of the window. */
  recent: number;
  /** Distinct purchasing users in the earlier half of the window. */
  earlier: number;
  /** Distinct purchasing users over the whole window. */
  total: number;
}

/** The window boundaries relative to the newest event `anchorMs`. */
export function popularityWindow(anchorMs: number, windowDays: number): { start: number; middle: number; end: number } {
  const windowMs = windowDays * DAY_MS;
  return { start: anchorMs - windowMs, middle: anchorMs - windowMs / 2, end: anchorMs };
}

/** Items ranked by distinct purchasers (robust to one wholesale buyer ordering thousands); ties by id. */
export function rankByCount<T extends { itemId: string }>(
  rows: readonly T[],
  count: (r: T) => number,
): { itemId: string; score: number }[] {
  return rows
    .filter((r) => count(r) > 0)
    .map((r) => ({ itemId: r.itemId, score: count(r) }))
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId));
}

export interface TrendingOptions {
  /** Additive smoothing of the earlier count, so 1 → 3 buyers is not "+200 %". */
  prior: number;
  /** Fewer recent buyers than this is noise, not a trend. */
  minRecent: number;
}

export const DEFAULT_TRENDING: TrendingOptions = { prior: 3, minRecent: 3 };

/**
 * Trending = growth of the recent half-window over the earlier half:
 *   growth = (recent − earlier) / (earlier + prior),
 * kept when growth > 0 and recent ≥ minRecent, ranked by growth, then recent count.
 */
export function rankTrending(
  rows: readonly WindowCount[],
  opts: TrendingOptions = DEFAULT_TRENDING,
): { itemId: string; score: number }[] {
  return rows
    .filter((r) => r.recent >= opts.minRecent && r.recent > r.earlier)
    .map((r) => ({ itemId: r.itemId, score: (r.recent - r.earlier) / (r.earlier + opts.prior), recent: r.recent }))
    .sort((a, b) => b.score - a.score || b.recent - a.recent || compareIds(a.itemId, b.itemId))
    .map(({ itemId, score }) => ({ itemId, score }));
}

export interface PurchasedItem {
  itemId: string;
  /** Distinct baskets (orders) containing the item. */
  orders: number;
  lastPurchasedMs: number;
}

/**
 * Buy-again score = orders × 2^(−age / halfLife), age = anchor − last purchase: items bought often
 * and recently come first (a staple bought weekly beats a one-off bought long ago).
 */
export function buyAgainScores(
  history: readonly PurchasedItem[],
  anchorMs: number,
  halfLifeDays = 30,
): { itemId: string; score: number }[] {
  return history
    .map((p) => {
      const ageDays = Math.max(0, anchorMs - p.lastPurchasedMs) / DAY_MS;
      return { itemId: p.itemId, score: p.orders * Math.pow(2, -ageDays / halfLifeDays) };
    })
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId));
}

export interface CoPurchaseCount {
  itemId: string;
  /** Baskets containing both the seed and this item. */
  together: number;
}

/**
 * Co-purchase score = cosine × significance:
 *   together / sqrt(basketsSeed × basketsItem) × together / (together + shrink)
 * Cosine stops best-sellers from being "similar" to everything; the shrink term damps pairs seen
 * in one or two baskets only.
 */
export function coPurchaseScores(
  counts: readonly CoPurchaseCount[],
  seedBaskets: number,
  basketsOf: (itemId: string) => number,
  shrink = 2,
): { itemId: string; score: number }[] {
  return counts
    .filter((c) => c.together > 0)
    .map((c) => {
      const denom = Math.sqrt(Math.max(seedBaskets, c.together) * Math.max(basketsOf(c.itemId), c.together));
      return { itemId: c.itemId, score: (c.together / denom) * (c.together / (c.together + shrink)) };
    })
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId));
}

/** Numeric ids compare numerically (bigint ids as text), others lexically: deterministic tie-breaks. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length && /^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
