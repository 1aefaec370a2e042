// Sparse mini-batches for "history → items" models (the collaborative and content models).
// Input: each user's distinct past items with recency weights, L2-normalised (as the input of Mult-DAE,
// Liang et al. 2018). Target: a multinomial over items — the next basket after a random cut of the history
// (next-basket objective), or the whole history itself (denoising auto-encoding) for one-basket users.
import * as tf from '@tensorflow/tfjs';
import type { UserHistory } from '../../dataset.js';
import type { SeededRandom } from './seeded-random.js';
import { sampleColumns, type PopularitySampler } from './sampled-softmax.js';

export interface HistoryBatch {
  size: number;
  /** Flattened input items, their weights and their row in the batch. */
  items: Int32Array;
  weights: Float32Array;
  rows: Int32Array;
  /** Targets as flat indices row·numItems + item, with weights summing to 1 per row. */
  targetFlat: Int32Array;
  targetWeights: Float32Array;
}

export interface HistoryBatchOptions {
  numItems: number;
  /** Half-life, in baskets counted back from the latest input basket, of an item's input weight. */
  recencyHalfLife: number;
  /** Chance of dropping each input item during training (denoising). */
  inputDropout: number;
  /** Chance that a multi-basket user is trained on "predict the next basket after a random cut". */
  futureTargetProb: number;
  /** Weight, in a next-basket target, of items the user already has in the input (repeats) relative to new ones.
   * Below 1 it shifts the model from "buy again" (which dedicated repeat scorers do well) to discovery. Default 1. */
  repeatTargetWeight?: number;
}

/** Distinct items of `baskets` with Σ 0.5^(age/halfLife) weights, age 0 for the last basket. */
export function recencyWeights(history: UserHistory, end: number, halfLife: number): Map<number, number> {
  const w = new Map<number, number>();
  for (let b = 0; b < end; b++) {
    const decay = Math.pow(0.5, (end - 1 - b) / halfLife);
    for (const item of history.baskets[b].items) w.set(item, (w.get(item) ?? 0) + decay);
  }
  return w;
}

/** Builds one batch; with `rng` it samples cuts and dropout (training), without it uses whole histories (scoring). */
export function buildHistoryBatch(histories: UserHistory[], opts: HistoryBatchOptions, rng?: SeededRandom): HistoryBatch {
  const items: number[] = [];
  const weights: number[] = [];
  const rows: number[] = [];
  const targetFlat: number[] = [];
  const targetWeights: number[] = [];
  histories.forEach((h, row) => {
    const nb = h.baskets.length;
    let end = nb;
    let targets: Map<number, number> | null = null;
    if (rng) {
      if (nb >= 2 && rng.next() < opts.futureTargetProb) {
        end = 1 + rng.int(nb - 1);
        targets = new Map(h.baskets[end].items.map((i) => [i, 1]));
      }
    }
    const input = recencyWeights(h, end, opts.recencyHalfLife);
    if (targets && (opts.repeatTargetWeight ?? 1) !== 1) {
      for (const item of targets.keys()) if (input.has(item)) targets.set(item, opts.repeatTargetWeight!);
    }
    if (rng && !targets) targets = input;
    let entries = [...input];
    if (rng && opts.inputDropout > 0 && entries.length > 1) {
      const kept = entries.filter(() => rng.next() >= opts.inputDropout);
      entries = kept.length ? kept : [entries[rng.int(entries.length)]];
    }
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    for (const [item, w] of entries) {
      items.push(item);
      weights.push(w / norm);
      rows.push(row);
    }
    const total = targets ? [...targets.values()].reduce((a, b) => a + b, 0) : 0;
    if (targets && total > 0) {
      for (const [item, w] of targets) {
        if (w <= 0) continue;
        targetFlat.push(row * opts.numItems + item);
        targetWeights.push(w / total);
      }
    }
  });
  return {
    size: histories.length,
    items: Int32Array.from(items),
    weights: Float32Array.from(weights),
    rows: Int32Array.from(rows),
    targetFlat: Int32Array.from(targetFlat),
    targetWeights: Float32Array.from(targetWeights),
  };
}

/** Σ_i w_i · table[i] per batch row: the weighted bag of item vectors, [size × d]. */
export function pooledItems(table: tf.Tensor2D, batch: HistoryBatch): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = tf.gather(table, tf.tensor1d(batch.items, 'int32'));
    const weighted = tf.mul(rows, tf.tensor2d(batch.weights, [batch.weights.length, 1]));
    return tf.unsortedSegmentSum(weighted, tf.tensor1d(batch.rows, 'int32'), batch.size) as tf.Tensor2D;
  });
}

/** Multinomial log-likelihood loss: −(1/B) Σ_rows Σ_targets w · log softmax(logits)[target]. */
export function multinomialLoss(logits: tf.Tensor2D, batch: HistoryBatch): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.reshape(tf.logSoftmax(logits), [-1]);
    const picked = tf.gather(logp, tf.tensor1d(batch.targetFlat, 'int32'));
    return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(batch.targetWeights)))), batch.size) as tf.Scalar;
  });
}

/** The multinomial loss over a sampled softmax (see sampled-softmax.ts): `logitsOf(items)` gives the [size × C]
 * logits of the step's columns, which are lowered by their logQ before the log-softmax. */
export function sampledMultinomialLoss(
  logitsOf: (items: tf.Tensor1D) => tf.Tensor2D,
  batch: HistoryBatch,
  sampler: PopularitySampler,
  negatives: number,
  rng: SeededRandom,
): tf.Scalar {
  const n = sampler.numItems;
  const targetItems = Int32Array.from(batch.targetFlat, (f) => f % n);
  const columns = sampleColumns(targetItems, sampler, negatives, rng);
  const c = columns.items.length;
  const flat = Int32Array.from(batch.targetFlat, (f, k) => Math.floor(f / n) * c + columns.targetColumns[k]);
  return tf.tidy(() => {
    const logits = tf.sub(logitsOf(tf.tensor1d(columns.items, 'int32')), tf.tensor1d(columns.logQ));
    const logp = tf.reshape(tf.logSoftmax(logits), [-1]);
    const picked = tf.gather(logp, tf.tensor1d(flat, 'int32'));
    return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(batch.targetWeights)))), batch.size) as tf.Scalar;
  });
}
