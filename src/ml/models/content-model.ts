// Content-based model: an item's embedding is a function of its attributes only — the idf-weighted bag of its
// title/description words, categories and price band, through learnt token embeddings:
//   e_i = Σ_t w_it·T[t]                       (items nobody bought still get a vector)
//   user profile u = tanh((Σ_j w_j·e_j)·W + b)   over the user's bought items, recency-weighted
//   score(i) = u·e_i
// Trained with the same multinomial next-basket / denoising objective as the collaborative model, so purchase
// data decides which attributes matter; scoring and similarity never need an item's purchase history.
import * as tf from '@tensorflow/tfjs';
import { readSync } from '../tf/read-sync.js';
import type { ItemFeatures, UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { buildContentVocabulary, tokenBags, type ContentVocabulary, type TokenBags } from './content-features.js';
import {
  buildHistoryBatch,
  multinomialLoss,
  pooledItems,
  sampledMultinomialLoss,
  type HistoryBatch,
  type HistoryBatchOptions,
} from './shared/history-batch.js';
import { itemCounts, PopularitySampler } from './shared/sampled-softmax.js';
import { cosineNeighbours, normaliseRows, type SimilarItem } from './shared/item-similarity.js';
import { SeededRandom } from './shared/seeded-random.js';
import { ownedVariable } from './shared/owned-variable.js';
import { runTrainingLoop, type LoopResult } from './shared/softmax-trainer.js';
import { autoDim, type ModelTrainingData, type TrainOptions } from './shared/training-types.js';
import { carveValidation } from './shared/validation.js';

export interface ContentHyperParams {
  /** Embedding size; default ~√N as a power of two in [16, 128]. */
  dim: number;
  /** Tokens on fewer items are dropped. Default 2. */
  minTokenCount: number;
  /** Price quantile bands. Default 8. */
  priceBands: number;
  /** Upper bound on epochs; early stopping usually ends sooner. Default 8: a deterministic bound on training cost. */
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. Default 3. */
  patience: number;
  /** Adam step size. Default 0.01. */
  learningRate: number;
  /** Users per step. Default 256. */
  batchSize: number;
  /** Chance of dropping each input item while training. Default 0.3. */
  inputDropout: number;
  /** Recency half-life, in baskets, of an item's weight in the user profile. Default 4. */
  recencyHalfLife: number;
  /** Share of multi-basket users trained on predicting the next basket after a random cut. Default 0.8. */
  futureTargetProb: number;
  /** Share of users (with ≥2 baskets) whose last training basket is held out for early stopping. Default 0.1. */
  validationFraction: number;
  /** Optional wall-clock cap on training, validation included (see LoopHyperParams.timeBudgetSeconds). Default null: a cap that binds makes the result depend on machine speed, so seeded runs are deterministic only without one. */
  timeBudgetSeconds: number | null;
  /** Full softmax up to this catalog size; above it, a sampled softmax over the step's targets plus popularity-drawn
   * negatives with the logQ correction (shared/sampled-softmax.ts). Default 8192. */
  fullSoftmaxMaxItems: number;
  /** Negatives drawn per step for the sampled softmax. Default 2048. */
  sampledNegatives: number;
}

export function defaultContentHyperParams(numItems: number): ContentHyperParams {
  return {
    dim: autoDim(numItems),
    minTokenCount: 2,
    priceBands: 8,
    maxEpochs: 8,
    patience: 3,
    learningRate: 0.01,
    batchSize: 256,
    inputDropout: 0.3,
    recencyHalfLife: 4,
    futureTargetProb: 0.8,
    validationFraction: 0.1,
    timeBudgetSeconds: null,
    fullSoftmaxMaxItems: 8192,
    sampledNegatives: 2048,
  };
}

export interface ContentWeights {
  numItems: number;
  dim: number;
  vocabulary: ContentVocabulary;
  /** Item features of the catalog the model scores (index = item index). */
  items: ItemFeatures[];
  /** [T × d] token embeddings, [d × d] profile kernel, [d] profile bias. */
  tokenEmbeddings: Float32Array;
  profileKernel: Float32Array;
  profileBias: Float32Array;
}

const SCORE_CHUNK = 512;

export class ContentModel implements Scorer {
  readonly name = 'content';
  private readonly bags: TokenBags;
  private cachedItems: tf.Tensor2D | null = null;
  private cachedItemsT: tf.Tensor2D | null = null;
  private normalisedItems: Float32Array | null = null;

  private constructor(
    readonly hyperParams: ContentHyperParams,
    readonly vocabulary: ContentVocabulary,
    readonly items: ItemFeatures[],
    private readonly tokenEmbeddings: tf.Variable<tf.Rank.R2>,
    private readonly profileKernel: tf.Variable<tf.Rank.R2>,
    private readonly profileBias: tf.Variable<tf.Rank.R1>,
    readonly training: LoopResult | null,
  ) {
    this.bags = tokenBags(items, vocabulary);
  }

  get numItems(): number {
    return this.items.length;
  }

  static async train(
    data: ModelTrainingData,
    hyperParams: Partial<ContentHyperParams> = {},
    options: TrainOptions & { warmStart?: ContentModel } = { seed: 42 },
  ): Promise<ContentModel> {
    if (!data.items || data.items.length !== data.numItems) throw new Error('content model needs item features for every item');
    const hp = { ...defaultContentHyperParams(data.numItems), ...hyperParams };
    const rng = new SeededRandom(options.seed);
    const d = hp.dim;
    const vocabulary = buildContentVocabulary(data.items, hp.minTokenCount, hp.priceBands);
    const warm = options.warmStart?.weights();
    if (warm && (warm.dim !== d || warm.vocabulary.tokens.length !== vocabulary.tokens.length))
      throw new Error('a warm start needs a model of the same vocabulary and dim');
    const histories = data.histories.filter((h) => h.baskets.length > 0);
    const { train, cases } = carveValidation(histories, rng.seed(), hp.validationFraction);
    const model = new ContentModel(
      hp,
      vocabulary,
      data.items,
      ownedVariable(() => (warm ? tf.tensor2d(warm.tokenEmbeddings, [Math.max(1, vocabulary.tokens.length), d]) : tf.randomNormal([Math.max(1, vocabulary.tokens.length), d], 0, 1 / Math.sqrt(d), 'float32', rng.seed()) as tf.Tensor2D), true),
      ownedVariable(() => (warm ? tf.tensor2d(warm.profileKernel, [d, d]) : tf.add(tf.eye(d), tf.randomNormal([d, d], 0, 0.01, 'float32', rng.seed())) as tf.Tensor2D), true),
      ownedVariable(() => (warm ? tf.tensor1d(warm.profileBias) : tf.zeros([d]) as tf.Tensor1D), true),
      null,
    );
    const batchOpts: HistoryBatchOptions = {
      numItems: data.numItems,
      recencyHalfLife: hp.recencyHalfLife,
      inputDropout: hp.inputDropout,
      futureTargetProb: hp.futureTargetProb,
    };
    const sampler = data.numItems > hp.fullSoftmaxMaxItems ? new PopularitySampler(itemCounts(train, data.numItems)) : null;
    const result = await runTrainingLoop(
      {
        variables: [model.tokenEmbeddings, model.profileKernel, model.profileBias],
        batchLoss: (users, r) =>
          tf.tidy(() => {
            const batch = buildHistoryBatch(users, batchOpts, r);
            const items = model.itemMatrix(model.bags);
            if (!sampler) return multinomialLoss(model.logits(items, tf.transpose(items), batch), batch);
            const profiles = model.profiles(items, batch);
            const columnLogits = (cols: tf.Tensor1D): tf.Tensor2D => tf.matMul(profiles, tf.transpose(tf.gather(items, cols)));
            return sampledMultinomialLoss(columnLogits, batch, sampler, hp.sampledNegatives, r);
          }),
        score: (h) => {
          model.invalidate();
          return model.scoreUsers(h);
        },
      },
      train,
      cases,
      data.numItems,
      hp,
      { ...options, seed: rng.seed() },
    );
    model.invalidate();
    (model as { training: LoopResult | null }).training = result;
    return model;
  }

  static fromWeights(w: ContentWeights, hyperParams: Partial<ContentHyperParams> = {}): ContentModel {
    const hp = { ...defaultContentHyperParams(w.numItems), ...hyperParams, dim: w.dim };
    return new ContentModel(
      hp,
      w.vocabulary,
      w.items,
      ownedVariable(() => tf.tensor2d(w.tokenEmbeddings, [Math.max(1, w.vocabulary.tokens.length), w.dim]), false),
      ownedVariable(() => tf.tensor2d(w.profileKernel, [w.dim, w.dim]), false),
      ownedVariable(() => tf.tensor1d(w.profileBias), false),
      null,
    );
  }

  weights(): ContentWeights {
    return {
      numItems: this.numItems,
      dim: this.hyperParams.dim,
      vocabulary: this.vocabulary,
      items: this.items,
      tokenEmbeddings: this.tokenEmbeddings.dataSync() as Float32Array,
      profileKernel: this.profileKernel.dataSync() as Float32Array,
      profileBias: this.profileBias.dataSync() as Float32Array,
    };
  }

  /** e_i = Σ_t w_it·T[t] for every item of the bags: [N × d]. */
  private itemMatrix(bags: TokenBags, numItems = this.numItems): tf.Tensor2D {
    return tf.tidy(() => {
      const rows = tf.gather(this.tokenEmbeddings, tf.tensor1d(bags.tokens, 'int32'));
      const weighted = tf.mul(rows, tf.tensor2d(bags.weights, [bags.weights.length, 1]));
      return tf.unsortedSegmentSum(weighted, tf.tensor1d(bags.items, 'int32'), numItems) as tf.Tensor2D;
    });
  }

  private profiles(items: tf.Tensor2D, batch: HistoryBatch): tf.Tensor2D {
    return tf.tidy(() => tf.tanh(tf.add(tf.matMul(pooledItems(items, batch), this.profileKernel), this.profileBias)));
  }

  private logits(items: tf.Tensor2D, itemsT: tf.Tensor2D, batch: HistoryBatch): tf.Tensor2D {
    return tf.tidy(() => tf.matMul(this.profiles(items, batch), itemsT));
  }

  private invalidate(): void {
    tf.dispose([this.cachedItems ?? [], this.cachedItemsT ?? []]);
    this.cachedItems = null;
    this.cachedItemsT = null;
    this.normalisedItems = null;
  }

  private catalog(): { items: tf.Tensor2D; itemsT: tf.Tensor2D } {
    if (!this.cachedItems || !this.cachedItemsT) {
      this.cachedItems = tf.keep(this.itemMatrix(this.bags));
      this.cachedItemsT = tf.keep(tf.tidy(() => tf.transpose(this.cachedItems!)));
    }
    return { items: this.cachedItems, itemsT: this.cachedItemsT };
  }

  /** Content embeddings [M × d] (row-major) of arbitrary items, e.g. new products not in the trained catalog. */
  embedItems(features: ItemFeatures[]): Float32Array {
    const bags = tokenBags(features, this.vocabulary);
    return readSync(() => this.itemMatrix(bags, features.length));
  }

  /** Content-based user profiles [B × d] from the items of each history. */
  userProfiles(histories: UserHistory[]): Float32Array {
    const batch = buildHistoryBatch(histories, this.batchOptions());
    return readSync(() => this.profiles(this.catalog().items, batch));
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const { items, itemsT } = this.catalog();
    const out = new Float32Array(histories.length * n);
    for (let start = 0; start < histories.length; start += SCORE_CHUNK) {
      const batch = buildHistoryBatch(histories.slice(start, start + SCORE_CHUNK), this.batchOptions());
      out.set(readSync(() => this.logits(items, itemsT, batch)), start * n);
    }
    return out;
  }

  /** Items whose content embedding is closest (cosine) to `item`'s. */
  similarItems(item: number, k: number, exclude?: ReadonlySet<number>): SimilarItem[] {
    if (!this.normalisedItems) {
      this.normalisedItems = normaliseRows(this.catalog().items.dataSync() as Float32Array, this.numItems, this.hyperParams.dim);
    }
    return cosineNeighbours(this.normalisedItems, this.numItems, this.hyperParams.dim, item, k, exclude);
  }

  dispose(): void {
    this.invalidate();
    tf.dispose([this.tokenEmbeddings, this.profileKernel, this.profileBias]);
  }

  private batchOptions(): HistoryBatchOptions {
    return { numItems: this.numItems, recencyHalfLife: this.hyperParams.recencyHalfLife, inputDropout: 0, futureTargetProb: 0 };
  }
}
