import { HistoryViews } from './history-views.js';
import { purchasedItems, userHistory, type PurchaseLine } from './user-history.js';

const lines: readonly PurchaseLine[] = [
  { itemId: 'i2', basket: 'b2', ms: 2000 },
  { itemId: 'i1', basket: 'b2', ms: 2000 },
  { itemId: 'i1', basket: 'b1', ms: 1000 },
  { itemId: 'gone', basket: 'b1', ms: 1000 },
];
const index: Record<string, number> = { i1: 0, i2: 1 };
const indexOf = (id: string) => index[id];

describe('HistoryViews', () => {
  it('derives the purchases and the history once per lines array, equal to deriving them anew', () => {
    const views = new HistoryViews();
    const space = {};
    let lookups = 0;
    const counting = (id: string) => (lookups++, indexOf(id));
    const first = views.history(lines, space, counting);
    expect(first).toEqual(userHistory(lines, indexOf));
    expect(views.history(lines, space, counting)).toBe(first);
    expect(lookups).toBe(lines.length);
    expect(views.purchases(lines)).toEqual(purchasedItems(lines));
    expect(views.purchases(lines)).toBe(views.purchases(lines));
    // another user's (or a newer) lines array is derived on its own
    const newer = [{ itemId: 'i2', basket: 'b3', ms: 3000 }, ...lines];
    expect(views.history(newer, space, indexOf).baskets).toHaveLength(3);
    expect(views.purchases(newer)).toEqual(purchasedItems(newer));
  });

  it('maps again in another serving snapshot (another model, or the catalog changed)', () => {
    const views = new HistoryViews();
    const first = views.history(lines, {}, indexOf);
    const shifted = (id: string) => (id === 'i1' ? 5 : indexOf(id));
    const again = views.history(lines, {}, shifted);
    expect(again).not.toBe(first);
    expect(again).toEqual(userHistory(lines, shifted));
  });
});
