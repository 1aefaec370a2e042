// Collaborative filtering from implicit purchases: a denoising history encoder with a multinomial likelihood
// (Mult-DAE, Liang et al., "Variational Autoencoders for Collaborative Filtering", WWW 2018), trained mostly on a
// next-basket objective (input: baskets before a random cut, target: the basket after it).
//   user  u = tanh(Σ_i w_i·Q_in[i] + b_h),  w = recency weights of the user's items, L2-normalised
//   score s = u·Q_out + b_out              (Q_out kept as [d × N]: no transposed matMul)
// The user embedding is a function of the history, so unseen users (history.user === -1) are folded in exactly
// like known ones, and fresh purchases change recommendations without retraining.
import * as tf from '@tensorflow/tfjs';
import { readSync } from '../tf/read-sync.js';
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import {
  buildHistoryBatch,
  multinomialLoss,
  pooledItems,
  sampledMultinomialLoss,
  type HistoryBatchOptions,
} from './shared/history-batch.js';
import { itemCounts, PopularitySampler } from './shared/sampled-softmax.js';
import { cosineNeighbours, normaliseRows, type SimilarItem } from './shared/item-similarity.js';
import { SeededRandom } from './shared/seeded-random.js';
import { ownedVariable } from './shared/owned-variable.js';
import { runTrainingLoop, type LoopResult } from './shared/softmax-trainer.js';
import { autoDim, type ModelTrainingData, type TrainOptions } from './shared/training-types.js';
import { carveValidation } from './shared/validation.js';

export interface CollaborativeHyperParams {
  /** Embedding size; default scales with the catalog: ~√N as a power of two in [16, 128] (64 for 3.6k items). */
  dim: number;
  /** Upper bound on epochs (one pass over the users each); early stopping usually ends sooner. Default 30: a deterministic bound on training cost. */
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. Default 4. */
  patience: number;
  /** Adam step size. Default 0.006. */
  learningRate: number;
  /** Users per step. Default 256. */
  batchSize: number;
  /** Chance of dropping each input item while training. Default 0.5 (the Mult-DAE value). */
  inputDropout: number;
  /** Recency half-life, in baskets, of an item's weight in the user's input. Default 4. */
  recencyHalfLife: number;
  /** Share of multi-basket users trained on predicting the next basket after a random cut. Default 0.8. */
  futureTargetProb: number;
  /** Weight of already-bought items in the next-basket target, relative to new items (see HistoryBatchOptions). */
  repeatTargetWeight: number;
  /** L2 penalty on the weights, per step. Default 1e-6. */
  l2: number;
  /** Share of users (with ≥2 baskets) whose last training basket is held out for early stopping. Default 0.1. */
  validationFraction: number;
  /** Optional wall-clock cap on training, validation included (see LoopHyperParams.timeBudgetSeconds). Default null: a cap that binds makes the result depend on machine speed, so seeded runs are deterministic only without one. */
  timeBudgetSeconds: number | null;
  /** Full softmax up to this catalog size; above it, a sampled softmax over the step's targets plus popularity-drawn
   * negatives with the logQ correction (shared/sampled-softmax.ts), so a step's cost does not grow with the catalog.
   * Default 8192. */
  fullSoftmaxMaxItems: number;
  /** Negatives drawn per step for the sampled softmax. Default 2048. */
  sampledNegatives: number;
}

export function defaultCollaborativeHyperParams(numItems: number): CollaborativeHyperParams {
  return {
    dim: autoDim(numItems),
    maxEpochs: 30,
    patience: 4,
    learningRate: 0.006,
    batchSize: 256,
    inputDropout: 0.5,
    recencyHalfLife: 4,
    futureTargetProb: 0.8,
    repeatTargetWeight: 1,
    l2: 1e-6,
    validationFraction: 0.1,
    timeBudgetSeconds: null,
    fullSoftmaxMaxItems: 8192,
    sampledNegatives: 2048,
  };
}

export interface CollaborativeWeights {
  numItems: number;
  dim: number;
  /** [N × d] row-major input item embeddings. */
  itemIn: Float32Array;
  /** [d] hidden bias. */
  hiddenBias: Float32Array;
  /** [d × N] row-major output item embeddings. */
  itemOut: Float32Array;
  /** [N] item bias. */
  itemBias: Float32Array;
}

const SCORE_CHUNK = 512;

export class CollaborativeModel implements Scorer {
  readonly name = 'collaborative';
  private normalisedItems: Float32Array | null = null;

  private constructor(
    readonly hyperParams: CollaborativeHyperParams,
    private readonly itemIn: tf.Variable<tf.Rank.R2>,
    private readonly hiddenBias: tf.Variable<tf.Rank.R1>,
    private readonly itemOut: tf.Variable<tf.Rank.R2>,
    private readonly itemBias: tf.Variable<tf.Rank.R1>,
    readonly training: LoopResult | null,
  ) {}

  get numItems(): number {
    return this.itemIn.shape[0];
  }

  static async train(
    data: ModelTrainingData,
    hyperParams: Partial<CollaborativeHyperParams> = {},
    options: TrainOptions & { warmStart?: CollaborativeModel } = { seed: 42 },
  ): Promise<CollaborativeModel> {
    const hp = { ...defaultCollaborativeHyperParams(data.numItems), ...hyperParams };
    const warm = options.warmStart?.weights();
    if (warm && (warm.numItems !== data.numItems || warm.dim !== hp.dim))
      throw new Error('a warm start needs a model of the same catalog and dim');
    const rng = new SeededRandom(options.seed);
    const n = data.numItems;
    const d = hp.dim;
    const histories = data.histories.filter((h) => h.baskets.length > 0);
    const { train, cases } = carveValidation(histories, rng.seed(), hp.validationFraction);
    const scale = 1 / Math.sqrt(d);
    const model = new CollaborativeModel(
      hp,
      ownedVariable(() => (warm ? tf.tensor2d(warm.itemIn, [n, d]) : tf.randomNormal([n, d], 0, scale, 'float32', rng.seed())), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.hiddenBias) : tf.zeros([d])), true),
      ownedVariable(() => (warm ? tf.tensor2d(warm.itemOut, [d, n]) : tf.randomNormal([d, n], 0, scale, 'float32', rng.seed())), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.itemBias) : tf.zeros([n])), true),
      null,
    );
    const batchOpts: HistoryBatchOptions = {
      numItems: n,
      recencyHalfLife: hp.recencyHalfLife,
      inputDropout: hp.inputDropout,
      futureTargetProb: hp.futureTargetProb,
      repeatTargetWeight: hp.repeatTargetWeight,
    };
    const sampler = n > hp.fullSoftmaxMaxItems ? new PopularitySampler(itemCounts(train, n)) : null;
    const result = await runTrainingLoop(
      {
        variables: [model.itemIn, model.hiddenBias, model.itemOut, model.itemBias],
        batchLoss: (users, r) => {
          const batch = buildHistoryBatch(users, batchOpts, r);
          const penalty = tf.mul(hp.l2, tf.add(tf.sum(tf.square(model.itemIn)), tf.sum(tf.square(model.itemOut))));
          const loss = sampler
            ? sampledMultinomialLoss((items) => model.columnLogits(batch, items), batch, sampler, hp.sampledNegatives, r)
            : multinomialLoss(model.logits(batch), batch);
          return tf.add(loss, penalty) as tf.Scalar;
        },
        score: (h) => model.scoreUsers(h),
      },
      train,
      cases,
      n,
      hp,
      { ...options, seed: rng.seed() },
    );
    (model as { training: LoopResult | null }).training = result;
    return model;
  }

  static fromWeights(w: CollaborativeWeights, hyperParams: Partial<CollaborativeHyperParams> = {}): CollaborativeModel {
    const hp = { ...defaultCollaborativeHyperParams(w.numItems), ...hyperParams, dim: w.dim };
    return new CollaborativeModel(
      hp,
      ownedVariable(() => tf.tensor2d(w.itemIn, [w.numItems, w.dim]), false),
      ownedVariable(() => tf.tensor1d(w.hiddenBias), false),
      ownedVariable(() => tf.tensor2d(w.itemOut, [w.dim, w.numItems]), false),
      ownedVariable(() => tf.tensor1d(w.itemBias), false),
      null,
    );
  }

  weights(): CollaborativeWeights {
    return {
      numItems: this.numItems,
      dim: this.hyperParams.dim,
      itemIn: this.itemIn.dataSync() as Float32Array,
      hiddenBias: this.hiddenBias.dataSync() as Float32Array,
      itemOut: this.itemOut.dataSync() as Float32Array,
      itemBias: this.itemBias.dataSync() as Float32Array,
    };
  }

  private logits(batch: ReturnType<typeof buildHistoryBatch>): tf.Tensor2D {
    return tf.tidy(() => {
      const u = tf.tanh(tf.add(pooledItems(this.itemIn, batch), this.hiddenBias));
      return tf.add(tf.matMul(u, this.itemOut), this.itemBias) as tf.Tensor2D;
    });
  }

  /** Logits of the given item columns only, [B × C]: the sampled softmax's share of `logits`. */
  private columnLogits(batch: ReturnType<typeof buildHistoryBatch>, items: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const u = tf.tanh(tf.add(pooledItems(this.itemIn, batch), this.hiddenBias));
      return tf.add(tf.matMul(u, tf.gather(this.itemOut, items, 1)), tf.gather(this.itemBias, items)) as tf.Tensor2D;
    });
  }

  /** User embeddings [B × d] (row-major) folded in from the histories. */
  userEmbeddings(histories: UserHistory[]): Float32Array {
    const batch = buildHistoryBatch(histories, this.batchOptions());
    return readSync(() => tf.tanh(tf.add(pooledItems(this.itemIn, batch), this.hiddenBias)));
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    for (let start = 0; start < histories.length; start += SCORE_CHUNK) {
      const chunk = histories.slice(start, start + SCORE_CHUNK);
      const batch = buildHistoryBatch(chunk, this.batchOptions());
      const scores = readSync(() => this.logits(batch));
      out.set(scores, start * n);
    }
    return out;
  }

  /** Items closest to `item` by cosine of their output embeddings (columns of Q_out). */
  similarItems(item: number, k: number, exclude?: ReadonlySet<number>): SimilarItem[] {
    if (!this.normalisedItems) {
      const rows = readSync(() => tf.transpose(this.itemOut));
      this.normalisedItems = normaliseRows(rows, this.numItems, this.hyperParams.dim);
    }
    return cosineNeighbours(this.normalisedItems, this.numItems, this.hyperParams.dim, item, k, exclude);
  }

  dispose(): void {
    tf.dispose([this.itemIn, this.hiddenBias, this.itemOut, this.itemBias]);
  }

  private batchOptions(): HistoryBatchOptions {
    return { numItems: this.numItems, recencyHalfLife: this.hyperParams.recencyHalfLife, inputDropout: 0, futureTargetProb: 0 };
  }
}
