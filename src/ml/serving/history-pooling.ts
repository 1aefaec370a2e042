// The input of the "history → items" encoders (collaborative, content) for ONE user, in plain TypeScript:
// Σ_i w_i · table[i] with the recency weights of buildHistoryBatch (distinct items, Σ 0.5^(age/halfLife) per
// basket they occur in, age 0 for the last basket, L2-normalised over the user's items). Serving-only: the same
// arithmetic as `pooledItems(table, buildHistoryBatch([history], …))` without TF.js op dispatch.
import type { UserHistory } from '../dataset.js';

/**
 * Per-item buffers for poolHistory over a table of `count` items, reused across calls (a Map of the user's items
 * cost more than the pooling itself). One per encoder: calls sharing a scratch must not interleave.
 */
export class PoolingScratch {
  readonly weights: Float64Array;
  readonly seen: Uint8Array;
  readonly order: Int32Array;

  constructor(readonly count: number) {
    this.weights = new Float64Array(count);
    this.seen = new Uint8Array(count);
    this.order = new Int32Array(count);
  }
}

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
  scratch: PoolingScratch = new PoolingScratch(count),
): Float64Array {
  if (scratch.count < count) throw new Error(`pooling scratch for ${scratch.count} items, table has ${count}`);
  acc.fill(0);
  const { weights, seen, order } = scratch;
  const baskets = history.baskets;
  const end = baskets.length;
  let distinct = 0;
  let outside: Map<number, number> | null = null;
  for (let b = 0; b < end; b++) {
    const decay = Math.pow(0.5, (end - 1 - b) / halfLife);
    for (const item of baskets[b].items) {
      if (item >= 0 && item < count) {
        if (seen[item] === 0) {
          seen[item] = 1;
          order[distinct++] = item;
        }
        weights[item] += decay;
      } else {
        outside ??= new Map();
        outside.set(item, (outside.get(item) ?? 0) + decay);
      }
    }
  }
  let sq = 0;
  for (let p = 0; p < distinct; p++) sq += weights[order[p]] ** 2;
  if (outside) for (const w of outside.values()) sq += w * w;
  const inv = 1 / (Math.sqrt(sq) || 1);
  for (let p = 0; p < distinct; p++) {
    const item = order[p];
    const s = weights[item] * inv;
    weights[item] = 0;
    seen[item] = 0;
    const o = item * dim;
    for (let k = 0; k < dim; k++) acc[k] += s * rows[o + k];
  }
  return acc;
}
