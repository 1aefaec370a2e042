// Human-readable reasons for recommended items. The text is built from the source that contributed most to the
// item's blended score and, where it applies, an anchor item (a purchase or basket item the candidate relates to).
import type { UserHistory } from '../dataset.js';

const DAY = 86_400_000;

/** What a reason can be built from. `anchorTitle` is the anchor item's title when there is an anchor. */
export interface ReasonInput {
  source: string;
  anchorTitle?: string | null;
  /** For buy-again: how often and how regularly the user bought the item. */
  repeat?: RepeatStats | null;
  /** For popularity: the window label, e.g. "this week". */
  popularWindow?: string;
}

export interface RepeatStats {
  orders: number;
  /** Mean days between the user's orders of the item (null with one order). */
  intervalDays: number | null;
}

/** One sentence per source; the anchor makes it specific ("Because you bought WHITE METAL LANTERN"). */
export function reasonFor(r: ReasonInput): string {
  const a = r.anchorTitle?.trim();
  switch (r.source) {
    case 'collaborative':
      return a ? `Because you bought ${a}` : 'Picked for you';
    case 'content':
      return a ? `Similar to ${a}, which you bought` : 'Matches what you like';
    case 'sequence':
      return a ? `Goes with your recent purchase of ${a}` : 'Fits your next order';
    case 'repeat':
    case 'buy-again':
      if (r.repeat && r.repeat.orders >= 2 && r.repeat.intervalDays !== null) {
        if (r.repeat.intervalDays < 2) return `You bought this ${r.repeat.orders} times`;
        return `You buy this about every ${Math.max(1, Math.round(r.repeat.intervalDays))} days`;
      }
      return 'You bought this before';
    case 'co-purchase':
    case 'item-item':
      return a ? `Often bought with ${a}` : 'Often bought together';
    case 'content-similar':
      return a ? `Similar to ${a}` : 'Similar item';
    case 'collaborative-similar':
      return a ? `Customers who bought ${a} also bought this` : 'Customers also bought';
    case 'sequence-basket':
      return a ? `Completes a basket with ${a}` : 'Completes your basket';
    case 'popularity':
      return 'Popular with our customers';
    case 'popular':
      return r.popularWindow ? `Popular ${r.popularWindow}` : 'Popular';
    case 'trending':
      return 'Trending';
    default:
      return 'Recommended for you';
  }
}

/** How often and how regularly `item` appears in the history's baskets. */
export function repeatStats(history: UserHistory, item: number): RepeatStats {
  let orders = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const b of history.baskets) {
    if (!b.items.includes(item)) continue;
    orders++;
    first = Math.min(first, b.time);
    last = Math.max(last, b.time);
  }
  return { orders, intervalDays: orders >= 2 ? (last - first) / DAY / (orders - 1) : null };
}

/** The distinct items of the latest baskets, newest first: the anchors explanations may point at. */
export function recentItems(history: UserHistory, max = 30): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let b = history.baskets.length - 1; b >= 0 && out.length < max; b--) {
    for (const i of history.baskets[b].items) {
      if (seen.has(i)) continue;
      seen.add(i);
      out.push(i);
      if (out.length >= max) break;
    }
  }
  return out;
}
