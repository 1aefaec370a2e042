import { buildDataset } from './build-dataset.js';
import { splitLastBasket, validationSplit } from './holdout-split.js';
import type { PurchaseEvent } from './purchase-event.js';
import { buildUserHistories, historyItems } from './user-histories.js';

const day = 86_400_000;
const ev = (userId: string, itemId: string, basketId: string | null, t: number, quantity = 1, price?: number): PurchaseEvent => ({
  userId,
  itemId,
  basketId,
  time: t * day,
  quantity,
  price,
});

describe('buildDataset + buildUserHistories', () => {
  const events = [
    ev('u1', 'A', 'i2', 5),
    ev('u1', 'B', 'i1', 1, 2, 3),
    ev('u1', 'B', 'i1', 1, 3, 5),
    ev('u2', 'C', null, 2),
    ev('u1', 'C', 'i2', 5),
    ev('u2', 'C', null, 3),
    ev('u1', 'A', 'i3', 9, 1, 4),
  ];
  const ds = buildDataset(events);

  it('numbers users and items by first appearance and sorts interactions by user, time, basket', () => {
    expect(ds.userIds).toEqual(['u1', 'u2']);
    expect(ds.itemIds).toEqual(['A', 'B', 'C']);
    expect(ds.interactions.map((i) => [i.user, i.time / day])).toEqual([
      [0, 1], [0, 1], [0, 5], [0, 5], [0, 9], [1, 2], [1, 3],
    ]);
    expect(ds.items[1].price).toBe(4); // median of 3 and 5
    expect(ds.items[0].price).toBe(4);
    expect(ds.items[2].price).toBeNull();
  });

  it('keeps baskets together, merges repeated lines, and makes each null-basket event its own basket', () => {
    const hs = buildUserHistories(ds);
    expect(hs).toHaveLength(2);
    const [u1, u2] = hs;
    expect(u1.baskets.map((b) => [b.time / day, b.items, b.quantities])).toEqual([
      [1, [1], [5]],
      [5, [0, 2], [1, 1]],
      [9, [0], [1]],
    ]);
    expect(u2.baskets.map((b) => [b.time / day, b.items])).toEqual([
      [2, [2]],
      [3, [2]],
    ]);
    expect([...historyItems(u1)].sort()).toEqual([0, 1, 2]);
  });

  it('holds out the last basket, keeps short histories as training data, and carves a validation split', () => {
    const hs = buildUserHistories(buildDataset([...events, ev('u3', 'A', 'x', 4)]));
    const split = splitLastBasket(hs, 3);
    expect(split.test.map((c) => [c.history.user, c.history.baskets.length, c.target.time / day])).toEqual([
      [0, 2, 9],
      [1, 1, 3],
    ]);
    expect(split.train.map((h) => [h.user, h.baskets.length])).toEqual([
      [0, 2],
      [1, 1],
      [2, 1],
    ]);
    const val = validationSplit(split);
    expect(val.test.map((c) => [c.history.user, c.target.time / day])).toEqual([[0, 5]]);
    expect(val.train.map((h) => h.baskets.length)).toEqual([1, 1, 1]);
    expect(splitLastBasket(hs, 3, { minBaskets: 3 }).test.map((c) => c.history.user)).toEqual([0]);
  });
});
