// Item-to-item source: a sparse item×item weight table applied to the user's distinct items,
//   score(u, j) = Σ_{i ∈ items(u)} B[i][j]
// with B fitted as EASE^R (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019) on the training
// histories, then kept sparse: the `neighbours` largest |B[i][j]| of each row, so the artifact and serving memory
// are O(N·K) instead of O(N²). It complements the TF.js models with a full-rank view of what is bought together,
// which helps most on items the user has not bought yet.
// EASE is a closed form, not a training loop, and TF.js has no Cholesky or inverse op (tf.linalg has bandPart,
// gramSchmidt and qr): an inverse from TF.js matMuls (Newton–Schulz) needs ~30 products of N×N matrices, each as
// costly on wasm as the whole plain-TypeScript SPD inverse (spd-inverse.ts); `npm run bench -- training` times a fit.
// The dense fit needs ~12·N² bytes, so catalogs above `maxItems` fit EASE on their `maxItems` most popular items.
import type { UserHistory } from '../dataset.js';
import type { TrainingData } from '../data/training-data.js';
import { EaseScorer } from '../baselines/ease-scorer.js';
import type { Scorer } from '../scorer.js';

export interface ItemItemParams {
  /** EASE L2 regularisation λ. Default 500. */
  lambda: number;
  /** Weights kept per item (largest |B[i][j]|). Default 200. */
  neighbours: number;
  /** Largest catalog modelled in full (dense fit memory ~12·N² bytes); above it the most popular items. Default 6000. */
  maxItems: number;
}

export const DEFAULT_ITEM_ITEM_PARAMS: ItemItemParams = { lambda: 500, neighbours: 200, maxItems: 6000 };

/** Row i's neighbours are idx[ptr[i]..ptr[i+1]) with weights[...] (CSR over catalog indices). */
export interface ItemItemTable {
  numItems: number;
  ptr: Int32Array;
  idx: Int32Array;
  weights: Float32Array;
}

export class ItemItemModel implements Scorer {
  readonly name = 'item-item';
  private byTarget: { idx: Int32Array; weights: Float32Array } | undefined;

  constructor(
    readonly table: ItemItemTable,
    readonly params: ItemItemParams,
  ) {
    if (table.ptr.length !== table.numItems + 1) throw new Error('item-item table: ptr must have numItems + 1 entries');
    if (table.idx.length !== table.weights.length || table.ptr[table.numItems] !== table.idx.length)
      throw new Error('item-item table: idx, weights and ptr disagree');
  }

  get numItems(): number {
    return this.table.numItems;
  }

  /** Fits EASE on the data and keeps its sparse table; also returns the dense EASE (it is the EASE baseline too). */
  static async fit(
    data: TrainingData,
    params: Partial<ItemItemParams> = {},
  ): Promise<{ model: ItemItemModel; ease: EaseScorer }> {
    const p = { ...DEFAULT_ITEM_ITEM_PARAMS, ...params };
    const ease = await EaseScorer.fit(data, { lambda: p.lambda, maxItems: p.maxItems });
    return { model: ItemItemModel.fromEase(ease, p), ease };
  }

  static fromEase(ease: EaseScorer, params: ItemItemParams): ItemItemModel {
    return new ItemItemModel({ numItems: ease.numItems, ...ease.sparsify(params.neighbours) }, { ...params });
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    histories.forEach((h, r) => this.scoreInto(h, out.subarray(r * n, r * n + n)));
    return out;
  }

  /** One user's scores into `out` (length ≥ N; entries beyond N are left alone). */
  scoreInto(history: UserHistory, out: Float32Array): Float32Array {
    const { ptr, idx, weights, numItems } = this.table;
    out.fill(0, 0, numItems);
    const seen = new Set<number>();
    for (const b of history.baskets)
      for (const i of b.items) {
        if (i < 0 || i >= numItems || seen.has(i)) continue;
        seen.add(i);
        for (let p = ptr[i]; p < ptr[i + 1]; p++) out[idx[p]] += weights[p];
      }
    return out;
  }

  /** The history item that contributes most to `item`'s score (for "often bought with" explanations). */
  strongestLink(items: readonly number[], item: number): number | undefined {
    const { ptr } = this.table;
    const { idx, weights } = this.rowsByTarget();
    let best: number | undefined;
    let bestWeight = 0;
    for (const i of items) {
      if (i < 0 || i >= this.numItems) continue;
      let lo = ptr[i];
      let hi = ptr[i + 1] - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const j = idx[mid];
        if (j < item) lo = mid + 1;
        else if (j > item) hi = mid - 1;
        else {
          if (weights[mid] > bestWeight) {
            bestWeight = weights[mid];
            best = i;
          }
          break;
        }
      }
    }
    return best;
  }

  /**
   * The table with each row's neighbours ordered by item index, so one weight B[i][j] is a binary search
   * instead of a scan of the row (explanations look up ~30 history items per recommended item). Built on
   * first use; the scoring table keeps its own order, so scores sum in the order they were fitted in.
   */
  rowsByTarget(): { idx: Int32Array; weights: Float32Array } {
    if (this.byTarget) return this.byTarget;
    const { ptr, idx, weights, numItems } = this.table;
    const sortedIdx = new Int32Array(idx.length);
    const sortedWeights = new Float32Array(weights.length);
    const order: number[] = [];
    for (let i = 0; i < numItems; i++) {
      order.length = 0;
      for (let p = ptr[i]; p < ptr[i + 1]; p++) order.push(p);
      order.sort((a, b) => idx[a] - idx[b]);
      for (let k = 0; k < order.length; k++) {
        sortedIdx[ptr[i] + k] = idx[order[k]];
        sortedWeights[ptr[i] + k] = weights[order[k]];
      }
    }
    this.byTarget = { idx: sortedIdx, weights: sortedWeights };
    return this.byTarget;
  }
}
