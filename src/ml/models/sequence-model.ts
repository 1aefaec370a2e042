// Sequence model: next-item prediction over each user's ordered purchases with a GRU (GRU4Rec, Hidasi et al.,
// "Session-based Recommendations with Recurrent Neural Networks", ICLR 2016), item embeddings tied between input
// and output (as in SASRec). Baskets are flattened in purchase order. Each epoch draws, per user, one window of
// `maxLength` items ending at a random position and learns every next item in it with a softmax over the whole
// catalog (or, for big catalogs, over the batch's targets plus uniformly sampled negatives).
//   h_t = GRU(E[x_t], h_{t−1});  score(i) = h_t·E[i] + b_i
// Scoring runs the GRU over the last `maxLength` items of a history — or of any item list (a basket being filled).
import * as tf from '@tensorflow/tfjs';
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { cosineNeighbours, normaliseRows, type SimilarItem } from './shared/item-similarity.js';
import { SeededRandom } from './shared/seeded-random.js';
import { ownedVariable } from './shared/owned-variable.js';
import { runTrainingLoop, type LoopResult } from './shared/softmax-trainer.js';
import { autoDim, type ModelTrainingData, type TrainOptions } from './shared/training-types.js';
import { carveValidation } from './shared/validation.js';

export interface SequenceHyperParams {
  /** Embedding and GRU state size; default ~√N as a power of two in [16, 128]. */
  dim: number;
  /** Items of history the GRU reads (and training window length). Default 20. */
  maxLength: number;
  /** Upper bound on epochs (one window per user each); early stopping usually ends sooner. Default 60. */
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. Default 4. */
  patience: number;
  /** Adam step size. Default 0.005. */
  learningRate: number;
  /** Windows per step. Default 64. */
  batchSize: number;
  /** Dropout on input embeddings while training. Default 0.25. */
  dropout: number;
  /** Full softmax up to this catalog size; above it, a sampled softmax over the batch's targets plus uniform
   * negatives (the output layer dominates the cost: ~3× faster on 3.6k items). Default 2048. */
  fullSoftmaxMaxItems: number;
  /** Uniform negatives per step for the sampled softmax. Default 512. */
  sampledNegatives: number;
  /** Share of users (with ≥2 baskets) whose last training basket is held out for early stopping. Default 0.1. */
  validationFraction: number;
}

export function defaultSequenceHyperParams(numItems: number): SequenceHyperParams {
  return {
    dim: autoDim(numItems),
    maxLength: 20,
    maxEpochs: 60,
    patience: 4,
    learningRate: 0.005,
    batchSize: 64,
    dropout: 0.25,
    fullSoftmaxMaxItems: 2048,
    sampledNegatives: 512,
    validationFraction: 0.1,
  };
}

export interface SequenceWeights {
  numItems: number;
  dim: number;
  /** [(N+1) × d]: item embeddings, last row is the padding token. */
  embeddings: Float32Array;
  /** [d × 3d] input kernel (gates z, r, n), [d × 3d] recurrent kernel, [3d] input bias, [3d] recurrent bias. */
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array;
  recurrentBias: Float32Array;
  /** [N] output item bias. */
  itemBias: Float32Array;
}

const SCORE_CHUNK = 256;

/** A user's items in purchase order (baskets oldest first). */
export function flattenHistory(history: UserHistory): number[] {
  const out: number[] = [];
  for (const b of history.baskets) for (const i of b.items) out.push(i);
  return out;
}

export class SequenceModel implements Scorer {
  readonly name = 'sequence';
  private outputTable: tf.Tensor2D | null = null;
  private normalisedItems: Float32Array | null = null;

  private constructor(
    readonly hyperParams: SequenceHyperParams,
    readonly numItems: number,
    private readonly embeddings: tf.Variable<tf.Rank.R2>,
    private readonly kernel: tf.Variable<tf.Rank.R2>,
    private readonly recurrent: tf.Variable<tf.Rank.R2>,
    private readonly bias: tf.Variable<tf.Rank.R1>,
    private readonly recurrentBias: tf.Variable<tf.Rank.R1>,
    private readonly itemBias: tf.Variable<tf.Rank.R1>,
    readonly training: LoopResult | null,
  ) {}

  static async train(
    data: ModelTrainingData,
    hyperParams: Partial<SequenceHyperParams> = {},
    options: TrainOptions = { seed: 42 },
  ): Promise<SequenceModel> {
    const hp = { ...defaultSequenceHyperParams(data.numItems), ...hyperParams };
    const rng = new SeededRandom(options.seed);
    const n = data.numItems;
    const d = hp.dim;
    const histories = data.histories.filter((h) => h.baskets.some((b) => b.items.length > 0));
    const { train, cases } = carveValidation(histories, rng.seed(), hp.validationFraction);
    const glorot = (rows: number, cols: number): tf.Tensor2D => tf.randomNormal([rows, cols], 0, Math.sqrt(2 / (rows + cols)), 'float32', rng.seed());
    const model = new SequenceModel(
      hp,
      n,
      ownedVariable(() => tf.randomNormal([n + 1, d], 0, 1 / Math.sqrt(d), 'float32', rng.seed()) as tf.Tensor2D, true),
      ownedVariable(() => glorot(d, 3 * d), true),
      ownedVariable(() => glorot(d, 3 * d), true),
      ownedVariable(() => tf.zeros([3 * d]), true),
      ownedVariable(() => tf.zeros([3 * d]), true),
      ownedVariable(() => tf.zeros([n]), true),
      null,
    );
    // Sequences flattened once; training windows need at least two items.
    const sequences = new Map(train.map((h) => [h, flattenHistory(h)]));
    const trainable = train.filter((h) => sequences.get(h)!.length >= 2);
    const result = await runTrainingLoop(
      {
        variables: [model.embeddings, model.kernel, model.recurrent, model.bias, model.recurrentBias, model.itemBias],
        batchLoss: (users, r) => model.windowLoss(users.map((u) => sequences.get(u)!), r),
        score: (h) => {
          model.invalidate(); // weights moved since the last validation
          return model.scoreUsers(h);
        },
      },
      trainable,
      cases,
      n,
      hp,
      { ...options, seed: rng.seed() },
    );
    model.invalidate();
    (model as { training: LoopResult | null }).training = result;
    return model;
  }

  static fromWeights(w: SequenceWeights, hyperParams: Partial<SequenceHyperParams> = {}): SequenceModel {
    const hp = { ...defaultSequenceHyperParams(w.numItems), ...hyperParams, dim: w.dim };
    const d = w.dim;
    return new SequenceModel(
      hp,
      w.numItems,
      ownedVariable(() => tf.tensor2d(w.embeddings, [w.numItems + 1, d]), false),
      ownedVariable(() => tf.tensor2d(w.kernel, [d, 3 * d]), false),
      ownedVariable(() => tf.tensor2d(w.recurrent, [d, 3 * d]), false),
      ownedVariable(() => tf.tensor1d(w.bias), false),
      ownedVariable(() => tf.tensor1d(w.recurrentBias), false),
      ownedVariable(() => tf.tensor1d(w.itemBias), false),
      null,
    );
  }

  weights(): SequenceWeights {
    return {
      numItems: this.numItems,
      dim: this.hyperParams.dim,
      embeddings: this.embeddings.dataSync() as Float32Array,
      kernel: this.kernel.dataSync() as Float32Array,
      recurrent: this.recurrent.dataSync() as Float32Array,
      bias: this.bias.dataSync() as Float32Array,
      recurrentBias: this.recurrentBias.dataSync() as Float32Array,
      itemBias: this.itemBias.dataSync() as Float32Array,
    };
  }

  /** Left-padded [B × L] item matrix of the last `L` items of each list (padding = N). */
  private padded(lists: number[][], length: number): Int32Array {
    const out = new Int32Array(lists.length * length).fill(this.numItems);
    lists.forEach((list, b) => {
      const tail = list.slice(-length);
      out.set(tail, b * length + (length - tail.length));
    });
    return out;
  }

  /** GRU over [B × L] item ids; returns the states of every step as [B·L × d] (time-major within each row). */
  private run(ids: Int32Array, batch: number, length: number, dropout = 0, seed = 0): { all: tf.Tensor2D; last: tf.Tensor2D } {
    const d = this.hyperParams.dim;
    let x = tf.gather(this.embeddings, tf.tensor1d(ids, 'int32')) as tf.Tensor2D; // [B·L × d]
    if (dropout > 0) x = tf.dropout(x, dropout, undefined, seed) as tf.Tensor2D;
    const xw = tf.reshape(tf.add(tf.matMul(x, this.kernel), this.bias), [batch, length, 3 * d]);
    const steps = tf.unstack(xw, 1) as tf.Tensor2D[];
    let h = tf.zeros([batch, d]) as tf.Tensor2D;
    const states: tf.Tensor2D[] = [];
    for (let t = 0; t < length; t++) {
      const hu = tf.add(tf.matMul(h, this.recurrent), this.recurrentBias);
      const [xz, xr, xn] = tf.split(steps[t], 3, 1);
      const [hz, hr, hn] = tf.split(hu, 3, 1);
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const cand = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      h = tf.add(tf.mul(tf.sub(1, z), cand), tf.mul(z, h)) as tf.Tensor2D;
      states.push(h);
    }
    return { all: tf.reshape(tf.stack(states, 1), [batch * length, d]) as tf.Tensor2D, last: h };
  }

  private windowLoss(sequences: number[][], rng: SeededRandom): tf.Scalar {
    const L = this.hyperParams.maxLength;
    const n = this.numItems;
    const inputs: number[][] = [];
    const targets = new Int32Array(sequences.length * L).fill(-1);
    sequences.forEach((seq, b) => {
      const end = 1 + rng.int(seq.length - 1); // predict seq[end] and the items before it
      const start = Math.max(0, end - L);
      inputs.push(seq.slice(start, end));
      const tgt = seq.slice(start + 1, end + 1);
      targets.set(tgt, b * L + (L - tgt.length));
    });
    const ids = this.padded(inputs, L);
    // Positions with a target, and the candidate columns of the softmax.
    const positions: number[] = [];
    const labels: number[] = [];
    let candidates: Int32Array | null = null;
    if (n > this.hyperParams.fullSoftmaxMaxItems) {
      const column = new Map<number, number>();
      const add = (i: number) => {
        if (!column.has(i)) column.set(i, column.size);
        return column.get(i)!;
      };
      targets.forEach((t, p) => {
        if (t >= 0) {
          positions.push(p);
          labels.push(add(t));
        }
      });
      for (let k = 0; k < this.hyperParams.sampledNegatives; k++) add(rng.int(n));
      candidates = Int32Array.from(column.keys());
    } else {
      targets.forEach((t, p) => {
        if (t >= 0) {
          positions.push(p);
          labels.push(t);
        }
      });
    }
    const seed = rng.seed();
    return tf.tidy(() => {
      const { all } = this.run(ids, sequences.length, L, this.hyperParams.dropout, seed);
      const hs = tf.gather(all, tf.tensor1d(positions, 'int32')) as tf.Tensor2D; // [P × d]
      let table = tf.slice(this.embeddings, [0, 0], [n, -1]) as tf.Tensor2D;
      let bias: tf.Tensor1D = this.itemBias;
      if (candidates) {
        const idx = tf.tensor1d(candidates, 'int32');
        table = tf.gather(table, idx);
        bias = tf.gather(bias, idx);
      }
      const logits = tf.add(tf.matMul(hs, tf.transpose(table)), bias); // [P × C]
      const c = logits.shape[1] as number;
      const flat = Int32Array.from(labels, (l, p) => p * c + l);
      const picked = tf.gather(tf.reshape(tf.logSoftmax(logits), [-1]), tf.tensor1d(flat, 'int32'));
      return tf.neg(tf.mean(picked)) as tf.Scalar;
    });
  }

  private invalidate(): void {
    this.outputTable?.dispose();
    this.outputTable = null;
    this.normalisedItems = null;
  }

  /** [d × N] item table for scoring (stack-notes item 8), built once. */
  private itemTable(): tf.Tensor2D {
    if (!this.outputTable) {
      this.outputTable = tf.keep(tf.tidy(() => tf.transpose(tf.slice(this.embeddings, [0, 0], [this.numItems, -1])) as tf.Tensor2D));
    }
    return this.outputTable;
  }

  /** Scores the catalog after each item list (oldest first); e.g. the items of a basket being filled. */
  scoreSequences(lists: number[][]): Float32Array {
    const n = this.numItems;
    const L = this.hyperParams.maxLength;
    const out = new Float32Array(lists.length * n);
    for (let start = 0; start < lists.length; start += SCORE_CHUNK) {
      const chunk = lists.slice(start, start + SCORE_CHUNK).map((l) => l.filter((i) => i >= 0 && i < n));
      const scores = tf.tidy(() => {
        const { last } = this.run(this.padded(chunk, L), chunk.length, L);
        return tf.add(tf.matMul(last, this.itemTable()), this.itemBias).dataSync();
      });
      out.set(scores, start * n);
    }
    return out;
  }

  /** "Complete the basket": scores for the next item given the items in the basket (and optionally before it). */
  scoreBasket(basketItems: number[], previousItems: number[] = []): Float32Array {
    return this.scoreSequences([[...previousItems, ...basketItems]]);
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    return this.scoreSequences(histories.map(flattenHistory));
  }

  similarItems(item: number, k: number, exclude?: ReadonlySet<number>): SimilarItem[] {
    const d = this.hyperParams.dim;
    if (!this.normalisedItems) {
      const rows = tf.tidy(() => tf.slice(this.embeddings, [0, 0], [this.numItems, -1]).dataSync() as Float32Array);
      this.normalisedItems = normaliseRows(rows, this.numItems, d);
    }
    return cosineNeighbours(this.normalisedItems, this.numItems, d, item, k, exclude);
  }

  dispose(): void {
    tf.dispose([this.embeddings, this.kernel, this.recurrent, this.bias, this.recurrentBias, this.itemBias]);
    this.outputTable?.dispose();
    this.outputTable = null;
  }
}
