// One shopper's own record, read once per ranking: which items they bought, how often and when, and the shape of
// their visits (how many, how large, how long ago). The personal half of the ranker's features.
import type { UserHistory } from '../dataset.js';

const DAY = 86_400_000;

export interface OwnItem {
  /** Baskets of the shopper that hold the item. */
  baskets: number;
  firstMs: number;
  lastMs: number;
  /** Baskets since the latest one holding the item (0: it is in the latest basket). */
  basketsAgo: number;
}

export interface PurchaseProfile {
  own: Map<number, OwnItem>;
  baskets: number;
  /** Days from the first to the latest basket. */
  spanDays: number;
  /** Days from the latest basket to `nowMs`. */
  idleDays: number;
  meanBasketSize: number;
  /** Mean price of the shopper's purchase lines with a known price (NaN when none). */
  meanPrice: number;
  latestBasket: readonly number[];
}

export function purchaseProfile(history: UserHistory, nowMs: number, price?: readonly number[]): PurchaseProfile {
  const own = new Map<number, OwnItem>();
  const count = history.baskets.length;
  let lines = 0;
  let priceSum = 0;
  let priced = 0;
  history.baskets.forEach((b, k) => {
    const ago = count - 1 - k;
    b.items.forEach((i) => {
      lines++;
      const p = price?.[i];
      if (p !== undefined && Number.isFinite(p)) {
        priceSum += p;
        priced++;
      }
      const seen = own.get(i);
      if (!seen) own.set(i, { baskets: 1, firstMs: b.time, lastMs: b.time, basketsAgo: ago });
      else {
        seen.baskets++;
        seen.lastMs = Math.max(seen.lastMs, b.time);
        seen.basketsAgo = Math.min(seen.basketsAgo, ago);
      }
    });
  });
  const first = history.baskets[0]?.time ?? nowMs;
  const latest = history.baskets[count - 1];
  return {
    own,
    baskets: count,
    spanDays: latest ? Math.max(0, (latest.time - first) / DAY) : 0,
    idleDays: latest ? Math.max(0, (nowMs - latest.time) / DAY) : 0,
    meanBasketSize: count ? lines / count : 0,
    meanPrice: priced ? priceSum / priced : Number.NaN,
    latestBasket: latest?.items ?? [],
  };
}
