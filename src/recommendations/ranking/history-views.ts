// What a request derives from a user's purchase lines, derived once per lines array. PurchaseHistoryService
// hands every request of a user the same (never mutated) array until a purchase changes the history, so the
// per-item aggregates and the baskets in a served model's index space stay the same until then as well; the
// views are dropped with the array (WeakMap), and no uncached request repeats a catalog and model index lookup per
// line of a long history.
import type { UserHistory } from '../../ml/dataset.js';
import type { PurchasedItem } from './baseline-scores.js';
import { purchasedItems, userHistory, type PurchaseLine } from './user-history.js';

/**
 * The index space a history was mapped into: a serving snapshot (one model over one catalog snapshot), which
 * never changes once built, so its identity says whether a mapping is still valid.
 */
export type IndexSpace = object;

interface Views {
  purchases?: readonly PurchasedItem[];
  history?: { space: IndexSpace; value: UserHistory };
}

export class HistoryViews {
  private readonly views = new WeakMap<readonly PurchaseLine[], Views>();

  /** Distinct baskets and last purchase per item (purchasedItems). Shared: never mutate. */
  purchases(lines: readonly PurchaseLine[]): readonly PurchasedItem[] {
    const views = this.of(lines);
    return (views.purchases ??= purchasedItems(lines));
  }

  /** The baskets in the model's index space (userHistory). Shared: never mutate. */
  history(
    lines: readonly PurchaseLine[],
    space: IndexSpace,
    indexOf: (itemId: string) => number | undefined,
  ): UserHistory {
    const views = this.of(lines);
    const known = views.history;
    if (known?.space === space) return known.value;
    const value = userHistory(lines, indexOf);
    views.history = { space, value };
    return value;
  }

  private of(lines: readonly PurchaseLine[]): Views {
    let views = this.views.get(lines);
    if (!views) this.views.set(lines, (views = {}));
    return views;
  }
}
