// Serving-side forward pass of the collaborative model (CollaborativeModel) for one user, in plain TypeScript:
//   u = tanh(Σ_i w_i·Q_in[i] + b_h),  s = u·Q_out + b_out   (Q_out as [d × N])
// Same values as `CollaborativeModel.scoreUsers([history])` (float32 tables, float64 accumulation), without the
// ~dozen TF.js ops per call whose dispatch dominated a request. Built once per loaded bundle from `weights()`.
import type { UserHistory } from '../dataset.js';
import type { CollaborativeWeights } from '../models/collaborative-model.js';
import { poolHistory, PoolingScratch } from './history-pooling.js';
import { ScoreTable } from './score-table.js';

export class CollaborativeForward {
  readonly numItems: number;
  readonly dim: number;
  private readonly pooled: Float64Array;
  private readonly user: Float64Array;
  private readonly scores: ScoreTable;
  private readonly scratch: PoolingScratch;

  constructor(
    private readonly w: CollaborativeWeights,
    private readonly recencyHalfLife: number,
  ) {
    this.numItems = w.numItems;
    this.dim = w.dim;
    this.pooled = new Float64Array(w.dim);
    this.user = new Float64Array(w.dim);
    this.scores = new ScoreTable(w.itemOut, w.dim, w.numItems, w.itemBias);
    this.scratch = new PoolingScratch(w.numItems);
  }

  /** The user embedding u (a view on an internal buffer: copy it to keep it past the next call). */
  userVector(history: UserHistory): Float64Array {
    const { w, dim } = this;
    poolHistory(history, this.recencyHalfLife, w.itemIn, this.numItems, dim, this.pooled, this.scratch);
    for (let k = 0; k < dim; k++) this.user[k] = Math.tanh(this.pooled[k] + w.hiddenBias[k]);
    return this.user;
  }

  /** Scores of every item for the user: u·Q_out + b_out, length N. */
  scoreUser(history: UserHistory, out?: Float32Array): Float32Array {
    return this.scores.score(this.userVector(history), out);
  }

  /** Releases the scoring table's tensor. */
  dispose(): void {
    this.scores.dispose();
  }
}
