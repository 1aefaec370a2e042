import { purchasedItems, userHistory } from './user-history.js';

describe('user history from purchase lines', () => {
  const lines = [
    { itemId: '7', basket: 'b2', ms: 2000 },
    { itemId: '5', basket: 'b2', ms: 2100 },
    { itemId: '5', basket: 'b1', ms: 1000 },
    { itemId: '9', basket: 'b1', ms: 1000 },
  ];

  it('aggregates orders and last purchase per item', () => {
    expect(purchasedItems(lines).sort((a, b) => a.itemId.localeCompare(b.itemId))).toEqual([
      { itemId: '5', orders: 2, lastPurchasedMs: 2100 },
      { itemId: '7', orders: 1, lastPurchasedMs: 2000 },
      { itemId: '9', orders: 1, lastPurchasedMs: 1000 },
    ]);
  });

  it('groups baskets oldest first in the model index space, leaving out unknown items and empty baskets', () => {
    const index = new Map([
      ['5', 0],
      ['7', 1],
    ]);
    const h = userHistory(lines, (id) => index.get(id));
    expect(h.baskets.map((b) => [b.time, b.items])).toEqual([
      [1000, [0]],
      [2000, [1, 0]],
    ]);
    expect(userHistory(lines, () => undefined).baskets).toEqual([]);
  });
});
