import type { UserHistory } from '../dataset.js';
import type { TrainingData } from '../data/training-data.js';
import type { Scorer } from '../scorer.js';
import { topK } from '../evaluation/top-k.js';
import { userItemSets } from './user-item-sets.js';

export interface ItemKnnOptions {
  /** Neighbours kept per item (default 50). */
  neighbours?: number;
}

/**
 * Item-kNN (Sarwar et al., 2001; Deshpande & Karypis, 2004) on the binary user×item matrix:
 * sim(i, j) = |U_i ∩ U_j| / √(|U_i|·|U_j|) (cosine), top-K neighbours per item, self excluded;
 * score(u, i) = Σ_{j ∈ items(u)} sim(j, i). Built row by row (memory O(n·K)), so it scales past
 * catalogs where a dense n×n matrix would not fit.
 */
export class ItemKnnScorer implements Scorer {
  readonly name: string;

  private constructor(
    readonly numItems: number,
    /** CSR neighbour lists: neighbours of j are idx[ptr[j]..ptr[j+1]) with weights sim[...]. */
    private readonly ptr: Int32Array,
    private readonly idx: Int32Array,
    private readonly sim: Float32Array,
    readonly neighbours: number,
  ) {
    this.name = `ItemKNN(k=${neighbours})`;
  }

  /** The same model keeping only each item's `k` most similar neighbours (lists are stored best first). */
  truncate(k: number): ItemKnnScorer {
    const n = this.numItems;
    const ptr = new Int32Array(n + 1);
    const idx: number[] = [];
    const sim: number[] = [];
    for (let j = 0; j < n; j++) {
      for (let p = this.ptr[j]; p < Math.min(this.ptr[j + 1], this.ptr[j] + k); p++) {
        idx.push(this.idx[p]);
        sim.push(this.sim[p]);
      }
      ptr[j + 1] = idx.length;
    }
    return new ItemKnnScorer(n, ptr, Int32Array.from(idx), Float32Array.from(sim), Math.min(k, this.neighbours));
  }

  static fit(data: TrainingData, options: ItemKnnOptions = {}): ItemKnnScorer {
    const n = data.numItems;
    const k = Math.max(1, Math.min(options.neighbours ?? 50, n - 1));
    const rows = userItemSets(data.histories, n);
    const itemUsers: number[][] = Array.from({ length: n }, () => []);
    rows.forEach((items, u) => items.forEach((i) => itemUsers[i].push(u)));
    const norm = Float64Array.from(itemUsers, (us) => Math.sqrt(us.length));
    const co = new Float64Array(n);
    const ptr = new Int32Array(n + 1);
    const idx: number[] = [];
    const sim: number[] = [];
    for (let j = 0; j < n; j++) {
      co.fill(0);
      for (const u of itemUsers[j]) for (const i of rows[u]) co[i]++;
      co[j] = 0;
      for (let i = 0; i < n; i++) if (co[i] > 0) co[i] /= norm[i] * norm[j];
      const best = topK(co, k);
      for (const i of best) {
        if (co[i] <= 0) break;
        idx.push(i);
        sim.push(co[i]);
      }
      ptr[j + 1] = idx.length;
    }
    return new ItemKnnScorer(n, ptr, Int32Array.from(idx), Float32Array.from(sim), k);
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    userItemSets(histories, n).forEach((items, r) => {
      const o = r * n;
      for (const j of items) for (let p = this.ptr[j]; p < this.ptr[j + 1]; p++) out[o + this.idx[p]] += this.sim[p];
    });
    return out;
  }
}
