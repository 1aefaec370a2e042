import type { Basket, UserHistory } from '../dataset.js';

/** One evaluation case: the user's history before the held-out basket, and that basket. */
export interface HeldOutCase {
  history: UserHistory;
  target: Basket;
}

export interface HoldoutSplit {
  numItems: number;
  /** Training data for fitting models: every user's baskets except the held-out ones. */
  train: UserHistory[];
  /** Users with at least `minBaskets` baskets, their last basket held out. */
  test: HeldOutCase[];
}

export interface SplitOptions {
  /** Users need at least this many baskets to get a held-out basket (default 2). */
  minBaskets?: number;
}

/**
 * Leave-last-basket-out split. Users with fewer than `minBaskets` baskets stay entirely in the
 * training data (they still inform popularity and co-occurrence); they are never test users.
 */
export function splitLastBasket(histories: UserHistory[], numItems: number, options: SplitOptions = {}): HoldoutSplit {
  const minBaskets = Math.max(2, options.minBaskets ?? 2);
  const train: UserHistory[] = [];
  const test: HeldOutCase[] = [];
  for (const h of histories) {
    if (h.baskets.length >= minBaskets) {
      const history = { user: h.user, baskets: h.baskets.slice(0, -1) };
      train.push(history);
      test.push({ history, target: h.baskets[h.baskets.length - 1] });
    } else if (h.baskets.length > 0) {
      train.push(h);
    }
  }
  return { numItems, train, test };
}

/**
 * The validation split carved from a split's training data: the same rule applied once more, so
 * each user's second-to-last basket is the validation target. Fit blend weights, hyper-parameters
 * and early stopping here; never on the test baskets.
 */
export function validationSplit(split: HoldoutSplit, options: SplitOptions = {}): HoldoutSplit {
  return splitLastBasket(split.train, split.numItems, options);
}
