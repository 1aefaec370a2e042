import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { ContentModel } from './content-model.js';
import { syntheticPurchases, topKClusterPrecision } from './testing/synthetic-purchases.js';

describe('ContentModel', () => {
  const data = syntheticPurchases();
  const hp = { dim: 16, maxEpochs: 20, patience: 20, learningRate: 0.03, batchSize: 32, timeBudgetSeconds: null };

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it('builds profiles from content, embeds unseen items and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const model = await ContentModel.train(data, hp, { seed: 5, onEpoch: (_, loss) => losses.push(loss) });
    expect(losses.length).toBeGreaterThan(3);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    const users = data.histories.slice(0, 20);
    const scores = model.scoreUsers(users);
    expect(topKClusterPrecision(scores, data.numItems, users.map((h) => h.user % 4), data.clusterOf)).toBeGreaterThan(0.9);
    const cold = model.scoreUsers([{ user: -1, baskets: [{ id: 0, time: 0, items: [36, 37], quantities: [1, 1] }] }]);
    expect(topKClusterPrecision(cold, data.numItems, [3], data.clusterOf)).toBeGreaterThan(0.6);

    // A new product of cluster 1 (BLUE, group-1) lands next to cluster-1 items.
    const [vec] = [model.embedItems([{ title: 'BLUE MUG NEW', description: null, categories: ['group-1'], price: 2 }])];
    const known = model.embedItems(data.items);
    const d = model.hyperParams.dim;
    const cos = (i: number) => {
      let dot = 0, a = 0, b = 0;
      for (let j = 0; j < d; j++) {
        dot += vec[j] * known[i * d + j];
        a += vec[j] ** 2;
        b += known[i * d + j] ** 2;
      }
      return dot / Math.sqrt(a * b);
    };
    const ranked = data.items.map((_, i) => i).sort((x, y) => cos(y) - cos(x));
    expect(ranked.slice(0, 5).every((i) => data.clusterOf(i) === 1)).toBe(true);
    expect(model.similarItems(13, 5).filter((s) => data.clusterOf(s.item) === 1).length).toBeGreaterThanOrEqual(4);

    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed', async () => {
    const a = await ContentModel.train(data, { ...hp, maxEpochs: 2 }, { seed: 9 });
    const b = await ContentModel.train(data, { ...hp, maxEpochs: 2 }, { seed: 9 });
    expect(Array.from(b.scoreUsers(data.histories.slice(0, 5)))).toEqual(Array.from(a.scoreUsers(data.histories.slice(0, 5))));
    a.dispose();
    b.dispose();
  });
});
