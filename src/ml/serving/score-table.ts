// A [d × n] item table that scores one user vector (this layout needs no transpose flag on matMul, which on
// wasm is several times faster than [n × d] with transposeB):
//   out[i] = bias[i] + Σ_k u[k] · T[k·n + i]
// On a SIMD TF.js backend (wasm, tfjs-node) that is one fused matMul against a tensor kept for the table's
// life, several times faster than the plain loop at d = 64 over Online Retail's catalog (docs/serving.md shows how
// to measure it).
// On the cpu backend tf's matMul is itself plain JavaScript with more overhead, so the loop of
// scoreAgainstTable serves there. Both engines give the same scores up to float32 rounding.
import * as tf from '@tensorflow/tfjs';
import { scoreAgainstTable } from './item-vectors.js';
import { readSync } from '../tf/read-sync.js';

export type ScoreEngine = 'tf' | 'js';

const SIMD_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'tensorflow']);

/** 'tf' when the active TF.js backend multiplies with SIMD kernels, else 'js'. */
export function defaultScoreEngine(): ScoreEngine {
  return SIMD_BACKENDS.has(tf.getBackend()) ? 'tf' : 'js';
}

export class ScoreTable {
  readonly engine: ScoreEngine;
  private tensor: tf.Tensor2D | null = null;
  private biasTensor: tf.Tensor1D | null = null;
  /** The user vector as float32 (tf.tensor2d takes no Float64Array). */
  private readonly userBuf: Float32Array;

  /**
   * @param table [dim × count] row-major (row k holds feature k of every item)
   * @param bias  per-item bias (length ≥ count), optional
   */
  constructor(
    private readonly table: Float32Array,
    readonly dim: number,
    readonly count: number,
    private readonly bias?: Float32Array,
    engine: ScoreEngine = defaultScoreEngine(),
  ) {
    if (table.length < dim * count) throw new Error(`score table holds ${table.length} values, needs ${dim * count}`);
    this.engine = dim > 0 && count > 0 ? engine : 'js';
    this.userBuf = new Float32Array(dim);
    if (this.engine === 'tf') {
      this.tensor = tf.tensor2d(table.subarray(0, dim * count), [dim, count]);
      if (bias) this.biasTensor = tf.tensor1d(bias.subarray(0, count));
    }
  }

  /** Scores of every item for `u` (length dim), written into `out` when given (length ≥ count). */
  score(u: ArrayLike<number>, out?: Float32Array): Float32Array {
    if (u.length !== this.dim) throw new Error(`user vector has ${u.length} values, the table ${this.dim}`);
    const { tensor } = this;
    if (!tensor) {
      return scoreAgainstTable(u, this.table, this.count, out ?? new Float32Array(this.count), this.bias);
    }
    const bias = this.biasTensor ?? undefined;
    const user = this.userBuf;
    for (let k = 0; k < this.dim; k++) user[k] = u[k];
    const scores = readSync(() => tf.fused.matMul({ a: tf.tensor2d(user, [1, this.dim]), b: tensor, bias }));
    if (!out) return scores;
    out.set(scores);
    return out;
  }

  /** Releases the tensor copy of the table (TF engine); scoring afterwards uses the plain loop. */
  dispose(): void {
    this.tensor?.dispose();
    this.biasTensor?.dispose();
    this.tensor = null;
    this.biasTensor = null;
  }
}
