// Serving-side user profile of the content model (ContentModel) for one user, in plain TypeScript:
//   u = tanh((Σ_j w_j·e_j)·W + b)   over the user's items j with the recency weights of buildHistoryBatch
// Same values as `ContentModel.userProfiles([history])`; the catalog scores u·e_i are then one pass over the
// [d × N] table (ServingModel). Built once per loaded bundle from `weights()` and the item matrix [N × d].
import type { UserHistory } from '../dataset.js';
import type { ContentWeights } from '../models/content-model.js';
import { poolHistory, PoolingScratch } from './history-pooling.js';

export class ContentForward {
  readonly dim: number;
  private readonly pooled: Float64Array;
  private readonly profileBuf: Float64Array;
  private readonly scratch: PoolingScratch;

  /**
   * @param items row-major [count × d] content embeddings of the items a history may name (the trained catalog)
   */
  constructor(
    private readonly w: ContentWeights,
    private readonly recencyHalfLife: number,
    private readonly items: Float32Array,
    private readonly count: number,
  ) {
    this.dim = w.dim;
    this.pooled = new Float64Array(w.dim);
    this.profileBuf = new Float64Array(w.dim);
    this.scratch = new PoolingScratch(count);
  }

  /** The user's profile u (a view on an internal buffer: copy it to keep it past the next call). */
  profile(history: UserHistory): Float64Array {
    const d = this.dim;
    const p = poolHistory(history, this.recencyHalfLife, this.items, this.count, d, this.pooled, this.scratch);
    const kernel = this.w.profileKernel; // [d × d] row-major: out[j] = Σ_k p[k]·W[k·d + j]
    const u = this.profileBuf;
    for (let j = 0; j < d; j++) u[j] = this.w.profileBias[j];
    for (let k = 0; k < d; k++) {
      const pk = p[k];
      if (pk === 0) continue;
      const o = k * d;
      for (let j = 0; j < d; j++) u[j] += pk * kernel[o + j];
    }
    for (let j = 0; j < d; j++) u[j] = Math.tanh(u[j]);
    return u;
  }
}
