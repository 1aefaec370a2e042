import * as tf from '@tensorflow/tfjs';
import { initTf } from '../../tf/tf-backend.js';
import { registerTrainingKernels } from '../../tf/kernels/training-kernels.js';
import { CollaborativeModel } from '../collaborative-model.js';
import { ContentModel } from '../content-model.js';
import { SequenceModel } from '../sequence-model.js';
import { syntheticPurchases, topKClusterPrecision } from '../testing/synthetic-purchases.js';
import { itemCounts, PopularitySampler, sampleColumns } from './sampled-softmax.js';
import { SeededRandom } from './seeded-random.js';

describe('PopularitySampler', () => {
  it('draws items in proportion to (count + 1)^power', () => {
    const sampler = new PopularitySampler([0, 8, 80], 1); // q = 1/91, 9/91, 81/91
    expect(sampler.probability(2)).toBeCloseTo(81 / 91, 12);
    const rng = new SeededRandom(5);
    const seen = [0, 0, 0];
    for (let k = 0; k < 20_000; k++) seen[sampler.draw(rng)]++;
    expect(seen[0] / 20_000).toBeCloseTo(1 / 91, 2);
    expect(seen[1] / 20_000).toBeCloseTo(9 / 91, 2);
    expect(seen[2] / 20_000).toBeCloseTo(81 / 91, 2);
  });

  it('corrects each column by the log of its chance to be drawn at least once', () => {
    const sampler = new PopularitySampler([0, 0], 1); // q = 1/2 each
    // 1 − (1 − 1/2)^2 = 3/4
    expect(sampler.logInclusion(0, 2)).toBeCloseTo(Math.log(0.75), 12);
    // tiny q: 1 − (1 − q)^K ≈ K·q
    const rare = new PopularitySampler(new Array(100_000).fill(0), 1);
    expect(rare.logInclusion(3, 10)).toBeCloseTo(Math.log(10 / 100_000), 3);
  });

  it('puts the targets first, once each, then distinct negatives', () => {
    const sampler = new PopularitySampler(new Array(50).fill(1));
    const cols = sampleColumns([7, 3, 7], sampler, 20, new SeededRandom(1));
    expect(Array.from(cols.items.slice(0, 2))).toEqual([7, 3]);
    expect(Array.from(cols.targetColumns)).toEqual([0, 1, 0]);
    expect(new Set(cols.items).size).toBe(cols.items.length);
    expect(cols.items.length).toBeGreaterThan(2);
    expect(cols.logQ.length).toBe(cols.items.length);
  });

  it('counts purchases per item over the histories', () => {
    const counts = itemCounts([{ baskets: [{ items: [0, 2] }, { items: [2] }] }], 3);
    expect(Array.from(counts)).toEqual([1, 0, 2]);
  });
});

describe('models trained with the sampled softmax (catalog above fullSoftmaxMaxItems)', () => {
  const data = syntheticPurchases({ clusters: 4, itemsPerCluster: 30 });
  const sampled = { fullSoftmaxMaxItems: 16, sampledNegatives: 24 };
  const users = data.histories.slice(0, 20);
  const clusters = users.map((h) => h.user % 4);

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it('collaborative: learns cluster preferences and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const hp = { dim: 16, maxEpochs: 25, patience: 25, learningRate: 0.02, batchSize: 32, ...sampled };
    const model = await CollaborativeModel.train(data, hp, { seed: 3 });
    expect(topKClusterPrecision(model.scoreUsers(users), data.numItems, clusters, data.clusterOf)).toBeGreaterThan(0.9);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('content: learns cluster preferences', async () => {
    const hp = { dim: 16, maxEpochs: 12, patience: 12, learningRate: 0.03, batchSize: 32, ...sampled };
    const model = await ContentModel.train(data, hp, { seed: 3 });
    expect(topKClusterPrecision(model.scoreUsers(users), data.numItems, clusters, data.clusterOf)).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('sequence: learns cluster preferences', async () => {
    const hp = { dim: 16, maxEpochs: 10, patience: 10, learningRate: 0.02, batchSize: 16, ...sampled };
    const model = await SequenceModel.train(data, hp, { seed: 3 });
    expect(topKClusterPrecision(model.scoreUsers(users), data.numItems, clusters, data.clusterOf)).toBeGreaterThan(0.8);
    model.dispose();
  });
});
