// Online Retail reshaped into the other shapes of purchase data the service meets, to show that training adapts to
// each (docs/ml-models.md, bench `reshaped`): occasional shoppers (only their first few baskets), a rating log (one
// item per "basket", so the last basket holds one item: leave-one-out), and a catalog without titles or prices.
import type { ItemFeatures, UserHistory } from '../dataset.js';

/** Each shopper's first `count` baskets. */
export function firstBaskets(histories: readonly UserHistory[], count: number): UserHistory[] {
  return histories.map((h) => ({ user: h.user, baskets: h.baskets.slice(0, count) }));
}

/** Every purchase line its own basket (a basket's lines in their stored order, one after another). */
export function onePerBasket(histories: readonly UserHistory[]): UserHistory[] {
  let id = 0;
  return histories.map((h) => ({
    user: h.user,
    baskets: h.baskets.flatMap((b) =>
      b.items.map((item, k) => ({ id: id++, time: b.time + k, items: [item], quantities: [b.quantities[k] ?? 1] })),
    ),
  }));
}

/** The catalog with every title, description, category and price removed. */
export function withoutAttributes(items: readonly ItemFeatures[]): ItemFeatures[] {
  return items.map(() => ({ title: '', description: null, categories: [], price: null }));
}
