// The ranker's network: a small MLP (features → 32 → 16 → 1, ReLU) trained with a listwise softmax loss (ListNet,
// Cao et al., ICML 2007: cross-entropy between the softmax of a list's scores and its relevance spread evenly over
// the items bought), Adam, L2 on the weights, early stopping on held-out "guard" lists by NDCG@10. Several members
// (seeds) are averaged; for serving they are merged into one network of the same depth (members side by side, the
// standardisation folded into the first layer), so a request runs one forward pass.
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../models/shared/seeded-random.js';
import { readSync } from '../tf/read-sync.js';

/** A training list: a shopper's sampled candidates with their relevance (1 = bought in the target basket). */
export interface TrainingList {
  features: Float32Array;
  relevance: Float32Array;
}

/** A guard list: the whole pool, its relevance, and how many target items there are in all (inside the pool or not). */
export interface GuardList {
  features: Float32Array;
  relevance: Float32Array;
  targets: number;
}

export interface RankerNetworkParams {
  hidden: [number, number];
  /** L2 penalties tried; the one with the best guard NDCG@10 wins. */
  l2Grid: number[];
  /** Networks averaged (the first is the grid's winner). */
  ensemble: number;
  learningRate: number;
  maxEpochs: number;
  patience: number;
  /** Lists per Adam step. */
  batchLists: number;
  seed: number;
}

export const DEFAULT_NETWORK_PARAMS: RankerNetworkParams = {
  hidden: [32, 16],
  l2Grid: [0.001, 0.01],
  ensemble: 2,
  learningRate: 0.005,
  maxEpochs: 30,
  patience: 3,
  batchLists: 64,
  seed: 7,
};

/** Plain weights of one dense layer: w is [rows × cols] row-major. */
export interface DenseLayer {
  rows: number;
  cols: number;
  w: Float32Array;
  b: Float32Array;
}

/** Three dense layers (ReLU, ReLU, linear) over raw features: the serving form. */
export interface NetworkWeights {
  layers: [DenseLayer, DenseLayer, DenseLayer];
  /**
   * Inputs are clamped to this range before the first layer: a feature that never varied on the training lists
   * (every validation shopper with one basket, say) is pinned to its one value, because its first-layer weights
   * kept their random start and would move scores wherever it varies later; every other feature is unbounded
   * (−∞, ∞), as counts and spans legitimately grow beyond the validation histories.
   */
  inputRange?: { min: Float32Array; max: Float32Array };
}

/** Raw features clamped into a range, into `out`. */
export function clampFeatures(
  x: Float32Array,
  rows: number,
  range: NonNullable<NetworkWeights['inputRange']>,
  out: Float32Array = new Float32Array(rows * range.min.length),
): Float32Array {
  const { min, max } = range;
  const F = min.length;
  for (let r = 0, i = 0; r < rows; r++)
    for (let f = 0; f < F; f++, i++) {
      const v = x[i];
      out[i] = v < min[f] ? min[f] : v > max[f] ? max[f] : v;
    }
  return out;
}

export interface FitNetworkResult {
  weights: NetworkWeights;
  guardNdcg: number;
  l2: number;
  epochs: number[];
}

/** NDCG@k of one list's scores: DCG of the top k over the ideal DCG of `targets` relevant items. */
export function listNdcg(scores: ArrayLike<number>, relevance: ArrayLike<number>, targets: number, k = 10): number {
  if (targets <= 0) return 0;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let dcg = 0;
  for (let r = 0; r < Math.min(k, order.length); r++) if (relevance[order[r]] > 0) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, targets); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Mean NDCG@10 over guard lists of a scoring function. */
export function guardNdcg(lists: readonly GuardList[], score: (features: Float32Array, rows: number) => Float32Array) {
  let sum = 0;
  for (const l of lists) sum += listNdcg(score(l.features, l.relevance.length), l.relevance, l.targets);
  return lists.length ? sum / lists.length : 0;
}

export function fitRankerNetwork(
  train: readonly TrainingList[],
  guard: readonly GuardList[],
  featureCount: number,
  params: RankerNetworkParams = DEFAULT_NETWORK_PARAMS,
  log: (message: string) => void = () => undefined,
): FitNetworkResult {
  const { mean, std, range } = featureMoments(train, featureCount);
  const packed = packLists(train, featureCount, mean, std);
  const guardRaw = concat(guard.map((g) => g.features));
  const guardX = standardise(clampFeatures(guardRaw, guardRaw.length / featureCount, range), featureCount, mean, std);
  const members: NetworkWeights[] = [];
  const epochs: number[] = [];
  let best = { l2: params.l2Grid[0], ndcg: -Infinity };
  try {
    for (const l2 of params.l2Grid) {
      const fit = trainMember(packed, guard, guardX, featureCount, params, l2, params.seed);
      epochs.push(fit.epochs);
      log(`ranker: l2 ${l2} → guard NDCG@10 ${fit.ndcg.toFixed(4)} after ${fit.epochs} epochs`);
      if (fit.ndcg > best.ndcg) {
        best = { l2, ndcg: fit.ndcg };
        members[0] = fit.weights;
      }
    }
    for (let m = 1; m < params.ensemble; m++) {
      const fit = trainMember(packed, guard, guardX, featureCount, params, best.l2, params.seed + 101 * m);
      epochs.push(fit.epochs);
      members.push(fit.weights);
    }
  } finally {
    packed.x.dispose();
    packed.relevance.dispose();
    packed.mask.dispose();
  }
  const weights = { ...foldStandardisation(mergeMembers(members), mean, std), inputRange: range };
  const ndcg = weightsNdcg(weights, guard);
  log(`ranker: ${members.length} member(s) at l2 ${best.l2} → guard NDCG@10 ${ndcg.toFixed(4)}`);
  return { weights, guardNdcg: ndcg, l2: best.l2, epochs };
}

/** Mean NDCG@10 over held-out lists of serving-form weights (input range applied). */
export function weightsNdcg(weights: NetworkWeights, lists: readonly GuardList[]): number {
  const forward = new NetworkForward(weights);
  try {
    return guardNdcg(lists, (f, rows) => forward.score(f, rows));
  } finally {
    forward.dispose();
  }
}

/** The serving forward pass of merged weights: one TF.js matMul chain per call. */
export class NetworkForward {
  private readonly tensors: tf.Tensor[];

  constructor(readonly weights: NetworkWeights) {
    this.tensors = weights.layers.flatMap((l) => [tf.tensor2d(l.w, [l.rows, l.cols]), tf.tensor1d(l.b)]);
  }

  get inputs(): number {
    return this.weights.layers[0].rows;
  }

  score(features: Float32Array, rows: number): Float32Array {
    if (rows === 0) return new Float32Array(0);
    const [w1, b1, w2, b2, w3, b3] = this.tensors;
    const range = this.weights.inputRange;
    const input = range ? clampFeatures(features, rows, range) : features.subarray(0, rows * this.inputs);
    return readSync(() => {
      const x = tf.tensor2d(input, [rows, this.inputs]);
      const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
      const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
      return tf.add(tf.matMul(h2, w3), b3);
    });
  }

  dispose(): void {
    for (const t of this.tensors) t.dispose();
  }
}

interface PackedLists {
  x: tf.Tensor3D;
  relevance: tf.Tensor2D;
  /** 0 for real entries, −1e9 for padding (added to the logits). */
  mask: tf.Tensor2D;
  lists: number;
}

function trainMember(
  packed: PackedLists,
  guard: readonly GuardList[],
  guardX: Float32Array,
  F: number,
  p: RankerNetworkParams,
  l2: number,
  seed: number,
): { weights: NetworkWeights; ndcg: number; epochs: number } {
  const rng = new SeededRandom(seed);
  const [h1, h2] = p.hidden;
  const init = (rows: number, cols: number) =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, () => (rng.next() * 2 - 1) * Math.sqrt(6 / (rows + cols))),
        [rows, cols],
      ),
    );
  const vars = [init(F, h1), tf.variable(tf.zeros([h1])), init(h1, h2), tf.variable(tf.zeros([h2])), init(h2, 1)];
  const [w1, b1, w2, b2, w3] = vars;
  const optimizer = tf.train.adam(p.learningRate);
  const plain = (): NetworkWeights => {
    const [a, b, c, d, e] = vars.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a));
    return {
      layers: [
        { rows: F, cols: h1, w: a, b },
        { rows: h1, cols: h2, w: c, b: d },
        { rows: h2, cols: 1, w: e, b: new Float32Array(1) },
      ],
    };
  };
  const guardRows = guard.reduce((a, g) => a + g.relevance.length, 0);
  const guardScore = () => {
    const forward = new NetworkForward(plain());
    try {
      // One forward pass over every guard row, then each list's slice.
      const all = forward.score(guardX, guardRows);
      let offset = 0;
      return guardNdcg(guard, (_f, rows) => all.subarray(offset, (offset += rows)));
    } finally {
      forward.dispose();
    }
  };
  const L = packed.x.shape[1];
  const order = Array.from({ length: packed.lists }, (_, i) => i);
  let best = { ndcg: -Infinity, weights: plain(), epoch: 0 };
  let epoch: number;
  try {
    for (epoch = 1; epoch <= p.maxEpochs; epoch++) {
      rng.shuffle(order);
      for (let start = 0; start < order.length; start += p.batchLists) {
        const idx = tf.tensor1d(order.slice(start, start + p.batchLists), 'int32');
        optimizer.minimize(() => {
          const x = tf.gather(packed.x, idx);
          const rel = tf.gather(packed.relevance, idx);
          const mask = tf.gather(packed.mask, idx);
          const b = x.shape[0];
          const flat = tf.reshape(x, [b * L, F]);
          const a1 = tf.relu(tf.add(tf.matMul(flat, w1), b1));
          const a2 = tf.relu(tf.add(tf.matMul(a1, w2), b2));
          const logits = tf.add(tf.reshape(tf.matMul(a2, w3), [b, L]), mask);
          const listLoss = tf.neg(tf.mean(tf.sum(tf.mul(rel, tf.logSoftmax(logits)), 1)));
          const penalty = tf.mul(l2, tf.addN([w1, w2, w3].map((w) => tf.sum(tf.square(w)))));
          return tf.add(listLoss, penalty) as tf.Scalar;
        }, false);
        idx.dispose();
      }
      const ndcg = guardScore();
      if (ndcg > best.ndcg + 1e-6) best = { ndcg, weights: plain(), epoch };
      else if (epoch - best.epoch >= p.patience) break;
    }
  } finally {
    optimizer.dispose();
    for (const v of vars) v.dispose();
  }
  return { weights: best.weights, ndcg: best.ndcg, epochs: Math.min(epoch, p.maxEpochs) };
}

function featureMoments(lists: readonly TrainingList[], F: number) {
  const sum = new Float64Array(F);
  const sumSq = new Float64Array(F);
  const min = new Float32Array(F).fill(Infinity);
  const max = new Float32Array(F).fill(-Infinity);
  let rows = 0;
  for (const l of lists) {
    const m = l.relevance.length;
    rows += m;
    for (let r = 0; r < m; r++)
      for (let f = 0; f < F; f++) {
        const v = l.features[r * F + f];
        sum[f] += v;
        sumSq[f] += v * v;
        if (v < min[f]) min[f] = v;
        if (v > max[f]) max[f] = v;
      }
  }
  const mean = new Float32Array(F);
  const std = new Float32Array(F);
  for (let f = 0; f < F; f++) {
    mean[f] = rows ? sum[f] / rows : 0;
    std[f] = rows ? Math.sqrt(Math.max(sumSq[f] / rows - mean[f] * mean[f], 0)) || 1 : 1;
    // Only a feature that never varied is pinned; the others may grow beyond training (longer histories).
    if (!(max[f] - min[f] > 1e-6 * (1 + Math.abs(mean[f])))) min[f] = max[f] = mean[f];
    else [min[f], max[f]] = [-Infinity, Infinity];
  }
  return { mean, std, range: { min, max } };
}

function standardise(x: Float32Array, F: number, mean: Float32Array, std: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - mean[i % F]) / std[i % F];
  return out;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function packLists(lists: readonly TrainingList[], F: number, mean: Float32Array, std: Float32Array): PackedLists {
  const L = Math.max(1, ...lists.map((l) => l.relevance.length));
  const B = lists.length;
  const x = new Float32Array(B * L * F);
  const relevance = new Float32Array(B * L);
  const mask = new Float32Array(B * L).fill(-1e9);
  lists.forEach((l, b) => {
    const m = l.relevance.length;
    x.set(standardise(l.features.subarray(0, m * F), F, mean, std), b * L * F);
    let total = 0;
    for (let r = 0; r < m; r++) total += l.relevance[r];
    for (let r = 0; r < m; r++) {
      relevance[b * L + r] = total > 0 ? l.relevance[r] / total : 0;
      mask[b * L + r] = 0;
    }
  });
  return {
    x: tf.tensor3d(x, [B, L, F]),
    relevance: tf.tensor2d(relevance, [B, L]),
    mask: tf.tensor2d(mask, [B, L]),
    lists: B,
  };
}

/** Members side by side: concatenated first layers, block-diagonal second, averaged outputs. */
function mergeMembers(members: readonly NetworkWeights[]): NetworkWeights {
  const M = members.length;
  const [l1, l2] = members[0].layers;
  const F = l1.rows;
  const H1 = l1.cols;
  const H2 = l2.cols;
  const w1 = new Float32Array(F * H1 * M);
  const b1 = new Float32Array(H1 * M);
  const w2 = new Float32Array(H1 * M * H2 * M);
  const b2 = new Float32Array(H2 * M);
  const w3 = new Float32Array(H2 * M);
  let b3 = 0;
  members.forEach((net, m) => {
    const [a, b, c] = net.layers;
    for (let f = 0; f < F; f++) for (let h = 0; h < H1; h++) w1[f * H1 * M + m * H1 + h] = a.w[f * H1 + h];
    b1.set(a.b, m * H1);
    for (let i = 0; i < H1; i++) for (let j = 0; j < H2; j++) w2[(m * H1 + i) * H2 * M + m * H2 + j] = b.w[i * H2 + j];
    b2.set(b.b, m * H2);
    for (let j = 0; j < H2; j++) w3[m * H2 + j] = c.w[j] / M;
    b3 += c.b[0] / M;
  });
  return {
    layers: [
      { rows: F, cols: H1 * M, w: w1, b: b1 },
      { rows: H1 * M, cols: H2 * M, w: w2, b: b2 },
      { rows: H2 * M, cols: 1, w: w3, b: Float32Array.of(b3) },
    ],
  };
}

/** (x − μ)/σ · W + b  =  x · (W/σ) + (b − (μ/σ) · W). */
function foldStandardisation(net: NetworkWeights, mean: Float32Array, std: Float32Array): NetworkWeights {
  const [first, ...rest] = net.layers;
  const { rows, cols } = first;
  const w = new Float32Array(first.w.length);
  const b = Float32Array.from(first.b);
  for (let f = 0; f < rows; f++)
    for (let h = 0; h < cols; h++) {
      const v = first.w[f * cols + h] / std[f];
      w[f * cols + h] = v;
      b[h] -= mean[f] * v;
    }
  return { layers: [{ rows, cols, w, b }, rest[0], rest[1]] };
}
