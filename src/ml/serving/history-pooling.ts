// The input of the "history → items" encoders (collaborative, content) for ONE user, in plain TypeScript:
// Σ_i w_i · table[i] with the recency weights of buildHistoryBatch (distinct items, Σ 0.5^(age/halfLife) per
// basket they occur in, age 0 for the last basket, L2-normalised over the user's items). Serving-only: the same
// arithmetic as `pooledItems(table, buildHistoryBatch([history], …))` without TF.js op dispatch.
import type { UserHistory } from '../dataset.js';

/**
 * acc[k] = Σ_i w_i · rows[i·dim + k] over the history's items i < count (rows row-major [count × dim]).
 * Items outside [0, count) keep their share of the normalisation but add nothing (no row to read).
 * Returns acc (zeros for an empty history).
 */
export function poolHistory(
  history: UserHistory,
  halfLife: number,
  rows: Float32Array,
  count: number,
  dim: number,
  acc: Float64Array,
): Float64Array {
  acc.fill(0);
  const baskets = history.baskets;
  const end = baskets.length;
  const weights = new Map<number, number>();
  for (let b = 0; b < end; b++) {
    const decay = Math.pow(0.5, (end - 1 - b) / halfLife);
    for (const item of baskets[b].items) weights.set(item, (weights.get(item) ?? 0) + decay);
  }
  if (weights.size === 0) return acc;
  let sq = 0;
  for (const w of weights.values()) sq += w * w;
  const inv = 1 / (Math.sqrt(sq) || 1);
  for (const [item, w] of weights) {
    if (!(item >= 0 && item < count)) continue;
    const s = w * inv;
    const o = item * dim;
    for (let k = 0; k < dim; k++) acc[k] += s * rows[o + k];
  }
  return acc;
}
