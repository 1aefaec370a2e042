import type { Dataset, Interaction, ItemFeatures } from '../dataset.js';
import type { PurchaseEvent } from './purchase-event.js';

export interface BuildDatasetOptions {
  /** Content features by external item id; items without an entry get an empty title and the median event price. */
  itemFeatures?: ReadonlyMap<string, Partial<ItemFeatures>>;
}

/**
 * Turns purchase events into dense-indexed Dataset (users and items numbered by first appearance,
 * baskets numbered globally). A null basketId makes each event its own basket, so data without
 * baskets flows through the same basket-based protocol (the last event becomes the held-out one).
 */
export function buildDataset(events: Iterable<PurchaseEvent>, options: BuildDatasetOptions = {}): Dataset {
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const basketIndex = new Map<string, number>();
  const prices: number[][] = [];
  const interactions: Interaction[] = [];
  let nextBasket = 0;
  for (const e of events) {
    let user = userIndex.get(e.userId);
    if (user === undefined) userIndex.set(e.userId, (user = userIndex.size));
    let item = itemIndex.get(e.itemId);
    if (item === undefined) {
      itemIndex.set(e.itemId, (item = itemIndex.size));
      prices.push([]);
    }
    let basket: number;
    if (e.basketId === null) basket = nextBasket++;
    else {
      const key = `${e.userId}\u0000${e.basketId}`;
      const known = basketIndex.get(key);
      if (known === undefined) basketIndex.set(key, (basket = nextBasket++));
      else basket = known;
    }
    if (e.price != null && Number.isFinite(e.price)) prices[item].push(e.price);
    interactions.push({ user, item, basket, time: e.time, quantity: e.quantity });
  }
  interactions.sort((a, b) => a.user - b.user || a.time - b.time || a.basket - b.basket);
  const itemIds = [...itemIndex.keys()];
  const items: ItemFeatures[] = itemIds.map((id, i) => {
    const f = options.itemFeatures?.get(id);
    return {
      title: f?.title ?? '',
      description: f?.description ?? null,
      categories: f?.categories ?? [],
      price: f?.price ?? median(prices[i]),
    };
  });
  return { userIds: [...userIndex.keys()], itemIds, items, interactions };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
