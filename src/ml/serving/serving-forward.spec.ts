// The plain-TypeScript forward passes ServingModel answers requests with must compute what the TF.js models
// compute: for each trained model (tiny epochs on synthetic purchases), several histories — empty, cold, short,
// long (past maxLength), repeated items, a basket without a known item — give the same scores as the model's own
// `scoreUsers` / `userProfiles` / `scoreBasket` within 1e-4 relative, and the same top-20.
import * as tf from '@tensorflow/tfjs';
import type { UserHistory } from '../dataset.js';
import type { BundleManifest, ModelBundle } from '../artifact/model-bundle.js';
import { PopularityScorer } from '../baselines/popularity-scorer.js';
import { CollaborativeModel } from '../models/collaborative-model.js';
import { ContentModel } from '../models/content-model.js';
import { RepeatPurchaseScorer } from '../models/repeat-purchase-scorer.js';
import { basketLists, SequenceModel } from '../models/sequence-model.js';
import { syntheticPurchases } from '../models/testing/synthetic-purchases.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { initTf } from '../tf/tf-backend.js';
import { CollaborativeForward } from './collaborative-forward.js';
import { ContentForward } from './content-forward.js';
import { scoreAgainstTable, transpose } from './item-vectors.js';
import { SequenceForward } from './sequence-forward.js';
import { ServingModel } from './serving-model.js';

const data = syntheticPurchases({ users: 60, baskets: 14, seed: 11 });
const n = data.numItems;

const basket = (id: number, items: number[]) => ({ id, time: id * 1000, items, quantities: items.map(() => 1) });
const HISTORIES: Record<string, UserHistory> = {
  empty: { user: -1, baskets: [] },
  cold: { user: -1, baskets: [basket(0, [40, 41])] },
  short: data.histories[3],
  long: data.histories[7], // 14 baskets > maxLength 4
  repeated: { user: -1, baskets: [basket(0, [5, 5, 6]), basket(1, [5]), basket(2, []), basket(3, [5, 7, 5])] },
  unknownOnly: { user: -1, baskets: [basket(0, [1, 2]), basket(1, [n + 3])] },
};

function expectSameScores(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  expect(worst).toBeLessThan(1e-4);
  expect(top(actual, 20)).toEqual(top(expected, 20));
}

function top(scores: ArrayLike<number>, k: number): number[] {
  return Array.from(scores, (s, i) => [s, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}

describe('serving forward passes equal the TF.js models', () => {
  let collaborative: CollaborativeModel;
  let content: ContentModel;
  let sequence: SequenceModel;

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
    const common = {
      dim: 16,
      maxEpochs: 3,
      patience: 3,
      batchSize: 32,
      validationFraction: 0,
      timeBudgetSeconds: null,
    };
    collaborative = await CollaborativeModel.train(data, common, { seed: 3 });
    content = await ContentModel.train(data, common, { seed: 4 });
    sequence = await SequenceModel.train(data, { ...common, maxLength: 4, dropout: 0 }, { seed: 5 });
  }, 120_000);

  afterAll(() => {
    collaborative?.dispose();
    content?.dispose();
    sequence?.dispose();
  });

  // Items outside the trained catalog have no row in the TF.js tables (a gather there is undefined), so the
  // history cases the models can take are the ones within [0, N); `unknownOnly` goes to the sequence model only.
  const inCatalog = Object.keys(HISTORIES).filter((k) => k !== 'unknownOnly');

  it.each(inCatalog)('collaborative: %s history', (name) => {
    const h = HISTORIES[name];
    const forward = new CollaborativeForward(collaborative.weights(), collaborative.hyperParams.recencyHalfLife);
    expectSameScores(forward.scoreUser(h), collaborative.scoreUsers([h]));
    expectSameScores(forward.userVector(h), collaborative.userEmbeddings([h]));
  });

  it.each(inCatalog)('content: %s history', (name) => {
    const h = HISTORIES[name];
    const d = content.hyperParams.dim;
    const matrix = content.embedItems(content.items);
    const forward = new ContentForward(content.weights(), content.hyperParams.recencyHalfLife, matrix, n);
    const profile = forward.profile(h);
    expectSameScores(profile, content.userProfiles([h]));
    expectSameScores(
      scoreAgainstTable(profile, transpose(matrix, n, d), n, new Float32Array(n)),
      content.scoreUsers([h]),
    );
  });

  it.each(Object.keys(HISTORIES))('sequence: %s history, with and without item input projections', (name) => {
    const h = HISTORIES[name];
    const projected = new SequenceForward(sequence.weights(), sequence.hyperParams.maxLength);
    const perBasket = new SequenceForward(sequence.weights(), sequence.hyperParams.maxLength, 0);
    expectSameScores(projected.scoreSequence(basketLists(h)), sequence.scoreUsers([h]));
    expectSameScores(perBasket.scoreSequence(basketLists(h)), sequence.scoreUsers([h]));
    projected.dispose();
    perBasket.dispose();
  });

  it('sequence: basket completion, with and without previous baskets, equals scoreBasket', () => {
    const forward = new SequenceForward(sequence.weights(), sequence.hyperParams.maxLength);
    const previous = basketLists(HISTORIES.long);
    expectSameScores(forward.scoreSequence([[14, 15]]), sequence.scoreBasket([14, 15]));
    expectSameScores(forward.scoreSequence([...previous, [14, 15]]), sequence.scoreBasket([14, 15], previous));
    expectSameScores(forward.scoreSequence([[]]), sequence.scoreBasket([]));
  });

  it('ServingModel answers scoreUser and scoreBasket with the forward passes, over a bundle of the three models', () => {
    const manifest = {
      version: 'test',
      itemIds: Array.from({ length: n }, (_, i) => `I${i}`),
      blend: [],
    } as unknown as BundleManifest;
    const bundle: ModelBundle = {
      manifest,
      models: { collaborative, content, sequence },
      repeat: RepeatPurchaseScorer.fit(data),
      popularity: PopularityScorer.fit(data),
    };
    const serving = ServingModel.load(bundle);
    const tensors = tf.memory().numTensors;
    for (const name of inCatalog) {
      const h = HISTORIES[name];
      expectSameScores(serving.scoreUser(h, 'collaborative'), collaborative.scoreUsers([h]));
      expectSameScores(serving.scoreUser(h, 'content'), content.scoreUsers([h]));
      expectSameScores(serving.scoreUser(h, 'sequence'), sequence.scoreUsers([h]));
    }
    const h = HISTORIES.long;
    expectSameScores(serving.scoreBasket([14, 15, n + 2], h)!, sequence.scoreBasket([14, 15], basketLists(h)));
    expectSameScores(serving.scoreBasket([3], null)!, sequence.scoreBasket([3]));
    // Two users in a row do not leak state through the forward passes' buffers.
    const first = Array.from(serving.scoreUser(HISTORIES.short, 'sequence'));
    serving.scoreUser(HISTORIES.long, 'sequence');
    expect(Array.from(serving.scoreUser(HISTORIES.short, 'sequence'))).toEqual(first);
    // Only the reference calls above touched TF.js: scoring through ServingModel allocates no tensor.
    const before = tf.memory().numTensors;
    serving.scoreUser(h, 'collaborative');
    serving.scoreUser(h, 'content');
    serving.scoreUser(h, 'sequence');
    serving.scoreBasket([1, 2], h);
    expect(tf.memory().numTensors).toBe(before);
    expect(before).toBeGreaterThanOrEqual(tensors);
    // New catalog items get indices after the artifact's in a new model; the one a request holds never changes.
    const withNew = serving.withNewItems([
      { id: 'NEW', features: content.items[0] },
      { id: 'I0', features: content.items[0] },
    ]);
    expect(withNew.indexOf('NEW')).toBe(n);
    expect(withNew.totalItems).toBe(n + 1);
    expect([serving.indexOf('NEW'), serving.totalItems]).toEqual([undefined, n]);
    const scores = withNew.scoreUser(h, 'content');
    expect(scores).toHaveLength(n + 1);
    expect(scores[n]).toBeCloseTo(scores[0], 4); // described like item I0
    expect(serving.scoreUser(h, 'content')).toHaveLength(n);
    // Once its owner publishes a successor and releases the new items' tensor, a late reader gets the same scores.
    withNew.releaseNewItems();
    expectSameScores(withNew.scoreUser(h, 'content'), scores);
  });
});
