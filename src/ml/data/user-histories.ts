import type { Basket, Dataset, UserHistory } from '../dataset.js';

/**
 * Groups a Dataset's interactions into one ordered history per user (oldest basket first).
 * Lines of the same item inside one basket are merged (quantities summed); a basket's time is
 * its earliest line. Users without interactions are omitted.
 */
export function buildUserHistories(dataset: Pick<Dataset, 'interactions'>): UserHistory[] {
  const byUser = new Map<number, Map<number, { time: number; items: Map<number, number> }>>();
  for (const it of dataset.interactions) {
    let baskets = byUser.get(it.user);
    if (!baskets) byUser.set(it.user, (baskets = new Map()));
    let b = baskets.get(it.basket);
    if (!b) baskets.set(it.basket, (b = { time: it.time, items: new Map() }));
    b.time = Math.min(b.time, it.time);
    b.items.set(it.item, (b.items.get(it.item) ?? 0) + it.quantity);
  }
  const histories: UserHistory[] = [];
  for (const [user, baskets] of byUser) {
    const list: Basket[] = [...baskets].map(([id, b]) => ({
      id,
      time: b.time,
      items: [...b.items.keys()],
      quantities: [...b.items.values()],
    }));
    list.sort((a, b) => a.time - b.time || a.id - b.id);
    histories.push({ user, baskets: list });
  }
  histories.sort((a, b) => a.user - b.user);
  return histories;
}

/** Distinct items of a history, in no particular order. */
export function historyItems(history: UserHistory): Set<number> {
  const seen = new Set<number>();
  for (const b of history.baskets) for (const i of b.items) seen.add(i);
  return seen;
}
