import type { UserHistory } from '../dataset.js';

/** Distinct in-catalog items per history (the rows of the binary user×item matrix X). */
export function userItemSets(histories: UserHistory[], numItems: number): Int32Array[] {
  return histories.map((h) => {
    const seen = new Set<number>();
    for (const b of h.baskets) for (const i of b.items) if (i >= 0 && i < numItems) seen.add(i);
    return Int32Array.from(seen);
  });
}
