import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { CollaborativeModel } from './collaborative-model.js';
import { syntheticPurchases, topKClusterPrecision } from './testing/synthetic-purchases.js';

describe('CollaborativeModel', () => {
  const data = syntheticPurchases();
  const hp = { dim: 16, maxEpochs: 25, patience: 25, learningRate: 0.02, batchSize: 32, timeBudgetSeconds: null };

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it('learns cluster preferences, reports losses, folds in cold users and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const model = await CollaborativeModel.train(data, hp, { seed: 3, onEpoch: (_, loss) => losses.push(loss) });
    expect(losses.length).toBeGreaterThan(5);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    const users = data.histories.slice(0, 20);
    const scores = model.scoreUsers(users);
    expect(scores.length).toBe(20 * data.numItems);
    expect(topKClusterPrecision(scores, data.numItems, users.map((h) => h.user % 4), data.clusterOf)).toBeGreaterThan(0.9);

    // An unseen user who bought two items of cluster 2.
    const cold = model.scoreUsers([{ user: -1, baskets: [{ id: 0, time: 0, items: [24, 25], quantities: [1, 1] }] }]);
    expect(topKClusterPrecision(cold, data.numItems, [2], data.clusterOf)).toBeGreaterThan(0.6);

    const similar = model.similarItems(1, 5);
    expect(similar).toHaveLength(5);
    expect(similar.filter((s) => data.clusterOf(s.item) === 0).length).toBeGreaterThanOrEqual(3);

    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed', async () => {
    const a = await CollaborativeModel.train(data, { ...hp, maxEpochs: 3 }, { seed: 11 });
    const b = await CollaborativeModel.train(data, { ...hp, maxEpochs: 3 }, { seed: 11 });
    expect(Array.from(b.scoreUsers(data.histories.slice(0, 5)))).toEqual(Array.from(a.scoreUsers(data.histories.slice(0, 5))));
    a.dispose();
    b.dispose();
  });
});
