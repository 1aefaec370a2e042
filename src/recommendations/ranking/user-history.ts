// A user's purchase lines (as read per request) → what the ranking needs: per-item aggregates (exclusion,
// baseline buy-again) and, for the served model, baskets in the model's index space. Pure functions.
import type { UserHistory } from '../../ml/dataset.js';
import type { PurchasedItem } from './baseline-scores.js';

/** One purchase line: internal item id, basket key (basket_id, or the event itself when none), time (ms). */
export interface PurchaseLine {
  itemId: string;
  basket: string;
  ms: number;
}

/** Distinct baskets and last purchase per item. */
export function purchasedItems(lines: readonly PurchaseLine[]): PurchasedItem[] {
  const byItem = new Map<string, { baskets: Set<string>; last: number }>();
  for (const l of lines) {
    const s = byItem.get(l.itemId);
    if (s) {
      s.baskets.add(l.basket);
      if (l.ms > s.last) s.last = l.ms;
    } else byItem.set(l.itemId, { baskets: new Set([l.basket]), last: l.ms });
  }
  return [...byItem].map(([itemId, s]) => ({ itemId, orders: s.baskets.size, lastPurchasedMs: s.last }));
}

/**
 * Baskets (grouped by basket key, a basket's time = its earliest line, oldest basket first) over the items
 * `indexOf` knows; items it does not know are left out, and so are baskets left empty.
 */
export function userHistory(
  lines: readonly PurchaseLine[],
  indexOf: (itemId: string) => number | undefined,
): UserHistory {
  const baskets = new Map<string, { time: number; items: Map<number, number> }>();
  for (const l of lines) {
    const i = indexOf(l.itemId);
    if (i === undefined) continue;
    let b = baskets.get(l.basket);
    if (!b) baskets.set(l.basket, (b = { time: l.ms, items: new Map() }));
    if (l.ms < b.time) b.time = l.ms;
    b.items.set(i, (b.items.get(i) ?? 0) + 1);
  }
  const list = [...baskets.values()].map((b, id) => ({
    id,
    time: b.time,
    items: [...b.items.keys()],
    quantities: [...b.items.values()],
  }));
  list.sort((a, b) => a.time - b.time || a.id - b.id);
  return { user: -1, baskets: list };
}
