// Serving-side forward pass of the sequence model (SequenceModel) for one basket sequence, in plain TypeScript:
//   x_t = mean_{i∈B_t} E[i]  (start token E[N] for padding steps and baskets without a known item)
//   GRU (gates z, r, n; kernels [d × 3d]):  z = σ(x·K_z + b_z + h·R_z + c_z),  r = σ(… r …),
//     n = tanh(x·K_n + b_n + r ⊙ (h·R_n + c_n)),  h' = (1 − z) ⊙ n + z ⊙ h
//   over the last `maxLength` baskets, left-padded; output o = h_L + x_L (the model's residual path);
//   score(i) = o·E[i] + b_i   (E[0..N) transposed to [d × N] once)
// Same values as `SequenceModel.scoreBasketSequences([baskets])`, without the ~100 TF.js ops of the unrolled GRU,
// whose per-op dispatch dominates a single request's cost on the wasm backend. Built once per loaded bundle from
// `weights()`.
import type { SequenceWeights } from '../models/sequence-model.js';
import { transpose } from './item-vectors.js';
import { ScoreTable } from './score-table.js';

/** Largest item input projection kept ([N × 3d] floats, 16 MB): above it each basket is projected per request. */
const MAX_PROJECTED_FLOATS = 4 * 1024 * 1024;

export class SequenceForward {
  readonly numItems: number;
  readonly dim: number;
  private readonly table: ScoreTable;
  /**
   * E[i]·K for every item, row-major [N × 3d] (null for catalogs above MAX_PROJECTED_FLOATS): the projection is
   * linear, so a basket's x·K + b is b + the mean of its items' rows — 3d additions per item instead of a
   * d × 3d product per basket, half of the forward pass.
   */
  private readonly projected: Float32Array | null;
  /** Input projection x·K + b of the start token, and the GRU state after k padding steps (k = 0..L). */
  private readonly startXw: Float64Array;
  private readonly padStates: Float64Array[];
  private readonly x: Float64Array;
  private readonly xw: Float64Array;
  private readonly hu: Float64Array;
  private readonly h: Float64Array;
  private readonly out: Float64Array;

  constructor(
    private readonly w: SequenceWeights,
    private readonly maxLength: number,
    maxProjectedFloats = MAX_PROJECTED_FLOATS,
  ) {
    const n = w.numItems;
    const d = w.dim;
    this.numItems = n;
    this.dim = d;
    this.table = new ScoreTable(transpose(w.embeddings.subarray(0, n * d), n, d), d, n, w.itemBias);
    this.x = new Float64Array(d);
    this.xw = new Float64Array(3 * d);
    this.hu = new Float64Array(3 * d);
    this.h = new Float64Array(d);
    this.out = new Float64Array(d);
    this.startXw = new Float64Array(3 * d);
    this.project(w.embeddings.subarray(n * d, (n + 1) * d), w.kernel, w.bias, this.startXw);
    this.projected = n * 3 * d <= maxProjectedFloats ? this.projectItems() : null;
    this.padStates = [new Float64Array(d)];
    for (let k = 1; k <= maxLength; k++) {
      const h = Float64Array.from(this.padStates[k - 1]);
      this.step(this.startXw, h);
      this.padStates.push(h);
    }
  }

  /** Next-basket scores after `baskets` (item lists, oldest first), length N. */
  scoreSequence(baskets: readonly (readonly number[])[], out?: Float32Array): Float32Array {
    return this.table.score(this.finalState(baskets), out);
  }

  /** Releases the scoring table's tensor. */
  dispose(): void {
    this.table.dispose();
  }

  /** o = h_L + x_L for the last `maxLength` baskets (a view on an internal buffer). */
  finalState(baskets: readonly (readonly number[])[]): Float64Array {
    const L = this.maxLength;
    const d = this.dim;
    const n = this.numItems;
    const tail = baskets.length > L ? baskets.slice(baskets.length - L) : baskets;
    const pad = L - tail.length;
    const h = this.h;
    h.set(this.padStates[pad]);
    const x = this.x;
    const start = n * d;
    const E = this.w.embeddings;
    for (let t = 0; t < tail.length; t++) {
      const basket = tail[t];
      let known = 0;
      for (const i of basket) if (i >= 0 && i < n) known++;
      x.fill(0);
      if (known === 0) {
        for (let k = 0; k < d; k++) x[k] = E[start + k];
        this.step(this.startXw, h);
        continue;
      }
      const wgt = 1 / known;
      // x itself is only needed for the output's residual path (last step) and without item projections.
      if (t === tail.length - 1 || !this.projected) {
        for (const i of basket) {
          if (!(i >= 0 && i < n)) continue;
          const o = i * d;
          for (let k = 0; k < d; k++) x[k] += wgt * E[o + k];
        }
      }
      if (this.projected) this.meanProjection(basket, wgt, this.xw);
      else this.project(x, this.w.kernel, this.w.bias, this.xw);
      this.step(this.xw, h);
    }
    if (tail.length === 0) for (let k = 0; k < d; k++) x[k] = E[start + k];
    const o = this.out;
    for (let k = 0; k < d; k++) o[k] = h[k] + x[k];
    return o;
  }

  /** xw = b + wgt · Σ_{i ∈ basket, known} E[i]·K, from the item projections. */
  private meanProjection(basket: readonly number[], wgt: number, xw: Float64Array): void {
    const P = this.projected!;
    const w3 = 3 * this.dim;
    const n = this.numItems;
    const bias = this.w.bias;
    for (let j = 0; j < w3; j++) xw[j] = 0;
    for (const i of basket) {
      if (!(i >= 0 && i < n)) continue;
      const o = i * w3;
      for (let j = 0; j < w3; j++) xw[j] += P[o + j];
    }
    for (let j = 0; j < w3; j++) xw[j] = bias[j] + wgt * xw[j];
  }

  /** E[i]·K for every item, row-major [N × 3d]. */
  private projectItems(): Float32Array {
    const n = this.numItems;
    const d = this.dim;
    const w3 = 3 * d;
    const out = new Float32Array(n * w3);
    const zero = new Float32Array(w3);
    const row = new Float64Array(w3);
    for (let i = 0; i < n; i++) {
      this.project(this.w.embeddings.subarray(i * d, (i + 1) * d), this.w.kernel, zero, row);
      out.set(row, i * w3);
    }
    return out;
  }

  /** out = v·K + b for a [d × 3d] row-major kernel. */
  private project(v: ArrayLike<number>, kernel: Float32Array, bias: Float32Array, out: Float64Array): void {
    const d = this.dim;
    const w3 = 3 * d;
    for (let j = 0; j < w3; j++) out[j] = bias[j];
    let k = 0;
    for (; k + 4 <= d; k += 4) {
      const v0 = v[k];
      const v1 = v[k + 1];
      const v2 = v[k + 2];
      const v3 = v[k + 3];
      const o0 = k * w3;
      const o1 = o0 + w3;
      const o2 = o1 + w3;
      const o3 = o2 + w3;
      for (let j = 0; j < w3; j++)
        out[j] += v0 * kernel[o0 + j] + v1 * kernel[o1 + j] + v2 * kernel[o2 + j] + v3 * kernel[o3 + j];
    }
    for (; k < d; k++) {
      const vk = v[k];
      const o = k * w3;
      for (let j = 0; j < w3; j++) out[j] += vk * kernel[o + j];
    }
  }

  /** One GRU step in place: h ← GRU(xw, h) with xw = x·K + b already projected. */
  private step(xw: Float64Array, h: Float64Array): void {
    const d = this.dim;
    const hu = this.hu;
    this.project(h, this.w.recurrent, this.w.recurrentBias, hu);
    for (let k = 0; k < d; k++) {
      const z = 1 / (1 + Math.exp(-(xw[k] + hu[k])));
      const r = 1 / (1 + Math.exp(-(xw[d + k] + hu[d + k])));
      const cand = Math.tanh(xw[2 * d + k] + r * hu[2 * d + k]);
      h[k] = (1 - z) * cand + z * h[k];
    }
  }
}
