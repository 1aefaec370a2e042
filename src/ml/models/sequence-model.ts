// Sequence model: next-basket prediction with a GRU over each user's baskets in purchase order (DREAM, Yu et al.,
// "A Dynamic Recurrent Model for Next Basket Recommendation", SIGIR 2016; the GRU cell of GRU4Rec, Hidasi et al.,
// ICLR 2016). A basket enters as the mean of its items' embeddings; item embeddings are tied between input and
// output (as in SASRec). Each epoch draws, per user, one window of up to `maxLength` baskets ending at a random cut
// and learns, after every basket of the window, the whole next basket as a multinomial target (multi-label softmax
// over the catalog, or for big catalogs a sampled softmax over the batch's targets plus popularity-drawn negatives).
//   x_t = mean_{i∈B_t} E[i];  h_t = GRU(x_t, h_{t−1});  score(i) = h_t·E[i] + b_i
// Baskets (not single items) are the steps because in retail the order of lines inside an invoice says little,
// while the order of baskets carries the signal, and because windows of baskets cover far more history per step.
// Scoring runs the GRU over the last `maxLength` baskets of a history — or over a basket being filled.
import * as tf from '@tensorflow/tfjs';
import { readSync } from '../tf/read-sync.js';
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { cosineNeighbours, normaliseRows, type SimilarItem } from './shared/item-similarity.js';
import { SeededRandom } from './shared/seeded-random.js';
import { ownedVariable } from './shared/owned-variable.js';
import { runTrainingLoop, type LoopResult } from './shared/softmax-trainer.js';
import { autoDim, type ModelTrainingData, type TrainOptions } from './shared/training-types.js';
import { carveValidation } from './shared/validation.js';
import { itemCounts, PopularitySampler, sampleColumns, type SampledColumns } from './shared/sampled-softmax.js';

export interface SequenceHyperParams {
  /** Embedding and GRU state size; default ~√N as a power of two in [16, 64] (64 for 3.6k items). */
  dim: number;
  /** Baskets of history the GRU reads (and training window length, in baskets). Default 10. */
  maxLength: number;
  /** Upper bound on epochs (one window per user each); early stopping usually ends sooner. Default 12: a deterministic bound on training cost. */
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. Default 3. */
  patience: number;
  /** Adam step size. Default 0.01. */
  learningRate: number;
  /** Windows per step. Default 64. */
  batchSize: number;
  /** Dropout on basket inputs while training. Default 0.2. */
  dropout: number;
  /** Full softmax up to this catalog size; above it, a sampled softmax over the batch's targets plus popularity-drawn
   * negatives with the logQ correction (the output layer dominates the cost). Default 8192. */
  fullSoftmaxMaxItems: number;
  /** Negatives drawn per step for the sampled softmax. Default 1024. */
  sampledNegatives: number;
  /** Share of users (with ≥2 baskets) whose last training basket is held out for early stopping. Default 0.1. */
  validationFraction: number;
  /** Optional wall-clock cap on training, validation included (see LoopHyperParams.timeBudgetSeconds). Default null: a cap that binds makes the result depend on machine speed, so seeded runs are deterministic only without one. */
  timeBudgetSeconds: number | null;
}

export function defaultSequenceHyperParams(numItems: number): SequenceHyperParams {
  return {
    dim: autoDim(numItems, 16, 64),
    maxLength: 10,
    maxEpochs: 12,
    patience: 3,
    learningRate: 0.01,
    batchSize: 64,
    dropout: 0.2,
    fullSoftmaxMaxItems: 8192,
    sampledNegatives: 1024,
    validationFraction: 0.1,
    timeBudgetSeconds: null,
  };
}

export interface SequenceWeights {
  numItems: number;
  dim: number;
  /** [(N+1) × d]: item embeddings; the last row is the start token that fills steps before a short history. */
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

/** A user's baskets as item lists, oldest first (empty baskets dropped). */
export function basketLists(history: UserHistory): number[][] {
  return history.baskets.filter((b) => b.items.length > 0).map((b) => b.items);
}

/** The inputs of a mini-batch of basket windows, left-padded to L steps, as one sparse bag: flat item ids, their
 * weights (1/|basket|, so a step reads the mean of its basket's embeddings) and their step b·L+t. */
interface WindowBatch {
  size: number;
  items: Int32Array;
  weights: Float32Array;
  steps: Int32Array;
}

export class SequenceModel implements Scorer {
  readonly name = 'sequence';
  private outputTable: tf.Tensor2D | null = null;
  /** Proposal of the sampled softmax while training a catalog above fullSoftmaxMaxItems. */
  private sampler: PopularitySampler | null = null;
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
    options: TrainOptions & { warmStart?: SequenceModel } = { seed: 42 },
  ): Promise<SequenceModel> {
    const hp = { ...defaultSequenceHyperParams(data.numItems), ...hyperParams };
    const warm = options.warmStart?.weights();
    if (warm && (warm.numItems !== data.numItems || warm.dim !== hp.dim))
      throw new Error('a warm start needs a model of the same catalog and dim');
    const rng = new SeededRandom(options.seed);
    const n = data.numItems;
    const d = hp.dim;
    const histories = data.histories.filter((h) => h.baskets.some((b) => b.items.length > 0));
    const { train, cases } = carveValidation(histories, rng.seed(), hp.validationFraction);
    const glorot = (rows: number, cols: number): tf.Tensor2D => tf.randomNormal([rows, cols], 0, Math.sqrt(2 / (rows + cols)), 'float32', rng.seed());
    const model = new SequenceModel(
      hp,
      n,
      ownedVariable(() => (warm ? tf.tensor2d(warm.embeddings, [n + 1, d]) : tf.randomNormal([n + 1, d], 0, 1 / Math.sqrt(d), 'float32', rng.seed()) as tf.Tensor2D), true),
      ownedVariable(() => (warm ? tf.tensor2d(warm.kernel, [d, 3 * d]) : glorot(d, 3 * d)), true),
      ownedVariable(() => (warm ? tf.tensor2d(warm.recurrent, [d, 3 * d]) : glorot(d, 3 * d)), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.bias) : tf.zeros([3 * d])), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.recurrentBias) : tf.zeros([3 * d])), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.itemBias) : tf.zeros([n])), true),
      null,
    );
    // Baskets listed once; a training window needs a basket to read and a next one to predict.
    const sequences = new Map(train.map((h) => [h, basketLists(h)]));
    const trainable = train.filter((h) => sequences.get(h)!.length >= 2);
    if (n > hp.fullSoftmaxMaxItems) model.sampler = new PopularitySampler(itemCounts(train, n));
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

  /** Left-padded window batch of the last `length` baskets of each list; missing steps read the start token (row N). */
  private windows(lists: number[][][], length: number): WindowBatch {
    const items: number[] = [];
    const weights: number[] = [];
    const steps: number[] = [];
    lists.forEach((baskets, b) => {
      const tail = baskets.slice(-length);
      const pad = length - tail.length;
      for (let t = 0; t < pad; t++) {
        items.push(this.numItems);
        weights.push(1);
        steps.push(b * length + t);
      }
      tail.forEach((basket, k) => {
        const known = basket.filter((i) => i >= 0 && i < this.numItems);
        const step = b * length + pad + k;
        if (known.length === 0) {
          items.push(this.numItems);
          weights.push(1);
          steps.push(step);
        }
        for (const i of known) {
          items.push(i);
          weights.push(1 / known.length);
          steps.push(step);
        }
      });
    });
    return { size: lists.length, items: Int32Array.from(items), weights: Float32Array.from(weights), steps: Int32Array.from(steps) };
  }

  /** GRU over a window batch; returns the states of every step as [B·L × d] (step-major within each row) and the last. */
  private run(w: WindowBatch, length: number, dropout = 0, seed = 0): { all: tf.Tensor2D; last: tf.Tensor2D } {
    const d = this.hyperParams.dim;
    const batch = w.size;
    const rows = tf.gather(this.embeddings, tf.tensor1d(w.items, 'int32'));
    const weighted = tf.mul(rows, tf.tensor2d(w.weights, [w.weights.length, 1]));
    let x = tf.unsortedSegmentSum(weighted, tf.tensor1d(w.steps, 'int32'), batch * length) as tf.Tensor2D; // [B·L × d]
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
    // Output o_t = h_t + x_t: a residual path from the basket just read, so that (with tied embeddings) its items and
    // their neighbours start high — repeat and complementary purchases dominate retail baskets.
    const all = tf.add(tf.reshape(tf.stack(states, 1), [batch * length, d]), x) as tf.Tensor2D;
    const last = tf.reshape(tf.slice(tf.reshape(all, [batch, length, d]), [0, length - 1, 0], [batch, 1, d]), [batch, d]) as tf.Tensor2D;
    return { all, last };
  }

  /** Multinomial next-basket loss over one window per user: after every basket of the window, −Σ_{i∈next} log p(i)/|next|,
   * averaged over the steps that have a next basket. */
  private windowLoss(sequences: number[][][], rng: SeededRandom): tf.Scalar {
    const L = this.hyperParams.maxLength;
    const n = this.numItems;
    const inputs: number[][][] = [];
    const positions: number[] = []; // rows of the [B·L × d] states that get a target
    const pairRow: number[] = []; // per (position, target item) pair: index into positions
    const pairItem: number[] = [];
    const pairWeight: number[] = [];
    sequences.forEach((baskets, b) => {
      const end = 1 + rng.int(baskets.length - 1); // read baskets[start, end), predict each next one up to baskets[end]
      const start = Math.max(0, end - L);
      inputs.push(baskets.slice(start, end));
      const pad = L - (end - start);
      for (let k = start; k < end; k++) {
        const next = baskets[k + 1];
        for (const i of next) {
          pairRow.push(positions.length);
          pairItem.push(i);
          pairWeight.push(1 / next.length);
        }
        positions.push(b * L + pad + (k - start));
      }
    });
    // Softmax columns: the whole catalog, or (big catalogs) the batch's target items plus popularity-drawn negatives,
    // each column's logit lowered by its logQ (shared/sampled-softmax.ts).
    let columns: SampledColumns | null = null;
    let labels: ArrayLike<number> = pairItem;
    if (this.sampler) {
      columns = sampleColumns(pairItem, this.sampler, this.hyperParams.sampledNegatives, rng);
      labels = columns.targetColumns;
    }
    const seed = rng.seed();
    const batch = this.windows(inputs, L);
    return tf.tidy(() => {
      const { all } = this.run(batch, L, this.hyperParams.dropout, seed);
      const hs = tf.gather(all, tf.tensor1d(positions, 'int32')) as tf.Tensor2D; // [P × d]
      let table = tf.slice(this.embeddings, [0, 0], [n, -1]) as tf.Tensor2D;
      let bias: tf.Tensor1D = this.itemBias;
      if (columns) {
        const idx = tf.tensor1d(columns.items, 'int32');
        table = tf.gather(table, idx);
        bias = tf.sub(tf.gather(bias, idx), tf.tensor1d(columns.logQ));
      }
      const logits = tf.add(tf.matMul(hs, tf.transpose(table)), bias); // [P × C]
      const c = logits.shape[1] as number;
      const flat = Int32Array.from(labels, (l: number, k) => pairRow[k] * c + l);
      const picked = tf.gather(tf.reshape(tf.logSoftmax(logits), [-1]), tf.tensor1d(flat, 'int32'));
      return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(pairWeight)))), positions.length) as tf.Scalar;
    });
  }

  private invalidate(): void {
    this.outputTable?.dispose();
    this.outputTable = null;
    this.normalisedItems = null;
  }

  /** [d × N] item table for scoring (no transposed matMul, the slow path on wasm), built once. */
  private itemTable(): tf.Tensor2D {
    if (!this.outputTable) {
      this.outputTable = tf.keep(tf.tidy(() => tf.transpose(tf.slice(this.embeddings, [0, 0], [this.numItems, -1])) as tf.Tensor2D));
    }
    return this.outputTable;
  }

  /** Scores the catalog as the next basket after each list of baskets (each an item list, oldest first). */
  scoreBasketSequences(lists: number[][][]): Float32Array {
    const n = this.numItems;
    const L = this.hyperParams.maxLength;
    const out = new Float32Array(lists.length * n);
    for (let start = 0; start < lists.length; start += SCORE_CHUNK) {
      const chunk = lists.slice(start, start + SCORE_CHUNK);
      const scores = readSync(() => {
        const { last } = this.run(this.windows(chunk, L), L);
        return tf.add(tf.matMul(last, this.itemTable()), this.itemBias);
      });
      out.set(scores, start * n);
    }
    return out;
  }

  /** "Complete the basket": scores given the items of a basket being filled, read as the latest basket after
   * `previousBaskets` (oldest first). Items already in the basket are not excluded here. */
  scoreBasket(basketItems: number[], previousBaskets: number[][] = []): Float32Array {
    return this.scoreBasketSequences([[...previousBaskets, basketItems]]);
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    return this.scoreBasketSequences(histories.map(basketLists));
  }

  similarItems(item: number, k: number, exclude?: ReadonlySet<number>): SimilarItem[] {
    const d = this.hyperParams.dim;
    if (!this.normalisedItems) {
      const rows = readSync(() => tf.slice(this.embeddings, [0, 0], [this.numItems, -1]));
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
