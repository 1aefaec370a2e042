import type { UserHistory } from '../dataset.js';
import type { TrainingData } from '../data/training-data.js';
import type { Scorer } from '../scorer.js';
import { topK } from '../evaluation/top-k.js';
import { invertSpd } from './spd-inverse.js';
import { userItemSets } from './user-item-sets.js';

export const DEFAULT_EASE_OPTIONS = { lambda: 500, maxItems: 6000 };

export interface EaseOptions {
  /** L2 regularisation λ (default 500). */
  lambda?: number;
  /**
   * Largest item count modelled (default 6000: the dense n×n inverse needs ~n²·12 bytes and ~n³
   * work). Beyond it EASE covers the `maxItems` most popular training items; the others get
   * -Infinity (never recommended by this source; other blend sources still reach them).
   */
  maxItems?: number;
}

/**
 * EASE^R (Steck, 2019, "Embarrassingly Shallow Autoencoders"): closed form
 *   P = (XᵀX + λI)⁻¹,  B = I − P·diagMat(1/diag(P))  (so diag(B) = 0),  score(u) = x_u·B
 * over the binary user×item matrix X of the training histories.
 */
export class EaseScorer implements Scorer {
  readonly name: string;

  private constructor(
    readonly numItems: number,
    /** Modelled items (EASE index → catalog index). */
    private readonly items: Int32Array,
    /** Catalog index → EASE index, or -1. */
    private readonly position: Int32Array,
    /** Row-major m×m weights B. */
    private readonly weights: Float32Array,
    readonly lambda: number,
  ) {
    this.name = `EASE(λ=${lambda})`;
  }

  /** Whether the catalog exceeded `maxItems` and EASE covers only the most popular items. */
  get truncated(): boolean {
    return this.items.length < this.numItems;
  }

  static async fit(data: TrainingData, options: EaseOptions = {}): Promise<EaseScorer> {
    const lambda = options.lambda ?? DEFAULT_EASE_OPTIONS.lambda;
    const n = data.numItems;
    const rows = userItemSets(data.histories, n);
    const counts = new Int32Array(n);
    for (const items of rows) for (const i of items) counts[i]++;
    const maxItems = options.maxItems ?? DEFAULT_EASE_OPTIONS.maxItems;
    let items = Int32Array.from({ length: n }, (_, i) => i);
    if (n > maxItems) {
      items = Int32Array.from([...items].sort((a, b) => counts[b] - counts[a] || a - b).slice(0, maxItems)).sort();
    }
    const m = items.length;
    const position = new Int32Array(n).fill(-1);
    items.forEach((i, p) => (position[i] = p));
    const gram = new Float32Array(m * m);
    for (const row of rows) {
      const ps = Int32Array.from(row, (i) => position[i]).filter((p) => p >= 0);
      for (const a of ps) {
        const o = a * m;
        for (const b of ps) gram[o + b]++;
      }
    }
    for (let i = 0; i < m; i++) gram[i * m + i] += lambda;
    const p = await invertSpd(gram, m);
    // B[i][j] = −P[i][j] / P[j][j] for i ≠ j, 0 on the diagonal.
    const diag = Float32Array.from({ length: m }, (_, j) => p[j * m + j]);
    for (let i = 0; i < m; i++) {
      const o = i * m;
      for (let j = 0; j < m; j++) p[o + j] = i === j ? 0 : -p[o + j] / diag[j];
    }
    return new EaseScorer(n, items, position, p, lambda);
  }

  /**
   * The `k` largest |B[i][j]| of every row as a sparse table over catalog indices (CSR: row i's neighbours are
   * idx[ptr[i]..ptr[i+1]) with weights w[...]), largest first; items EASE does not model get empty rows.
   */
  sparsify(k: number): { ptr: Int32Array; idx: Int32Array; weights: Float32Array } {
    const n = this.numItems;
    const m = this.items.length;
    const keep = Math.max(0, Math.min(k, m - 1));
    const ptr = new Int32Array(n + 1);
    const idx = new Int32Array(m * keep);
    const weights = new Float32Array(m * keep);
    const magnitude = new Float32Array(m);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const p = this.position[i];
      if (p >= 0 && keep > 0) {
        const row = this.weights.subarray(p * m, p * m + m);
        for (let j = 0; j < m; j++) magnitude[j] = j === p ? -Infinity : Math.abs(row[j]);
        for (const j of topK(magnitude, keep)) {
          idx[next] = this.items[j];
          weights[next++] = row[j];
        }
      }
      ptr[i + 1] = next;
    }
    return { ptr, idx: idx.slice(0, next), weights: weights.slice(0, next) };
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const m = this.items.length;
    const out = new Float32Array(histories.length * n);
    const acc = new Float32Array(m);
    userItemSets(histories, n).forEach((row, r) => {
      acc.fill(0);
      for (const i of row) {
        const p = this.position[i];
        if (p < 0) continue;
        const w = this.weights.subarray(p * m, p * m + m);
        for (let j = 0; j < m; j++) acc[j] += w[j];
      }
      const o = r * n;
      if (m === n) out.set(acc, o);
      else {
        out.fill(-Infinity, o, o + n);
        for (let j = 0; j < m; j++) out[o + this.items[j]] = acc[j];
      }
    });
    return out;
  }
}
