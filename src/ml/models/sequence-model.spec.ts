import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { SequenceModel } from './sequence-model.js';
import { syntheticPurchases, topKClusterPrecision } from './testing/synthetic-purchases.js';

describe('SequenceModel', () => {
  const data = syntheticPurchases();
  const hp = { dim: 16, maxLength: 4, maxEpochs: 40, patience: 40, learningRate: 0.02, batchSize: 32, dropout: 0, validationFraction: 0, timeBudgetSeconds: null };

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it('predicts the next basket, completes a basket, answers cold users and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const model = await SequenceModel.train(data, hp, { seed: 2, onEpoch: (_, loss) => losses.push(loss) });
    expect(losses.length).toBe(40);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    const users = data.histories.slice(0, 20);
    const scores = model.scoreUsers(users);
    // Next-basket scores concentrate on the next items of the user's cycle, so cluster precision is well above chance
    // (0.25).
    expect(topKClusterPrecision(scores, data.numItems, users.map((h) => h.user % 4), data.clusterOf)).toBeGreaterThan(0.4);

    // Baskets of cluster 1 continue a cycle: after a basket [14, 15] the next basket holds 16 (or 17).
    const basket = model.scoreBasket([14, 15]);
    const top = Array.from(basket).map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => i);
    expect(top.some((i) => i === 16 || i === 17)).toBe(true);
    const cold = model.scoreUsers([{ user: -1, baskets: [{ id: 0, time: 0, items: [40, 41], quantities: [1, 1] }] }]);
    expect(topKClusterPrecision(cold, data.numItems, [3], data.clusterOf, 2)).toBeGreaterThanOrEqual(0.5);
    expect(model.similarItems(3, 3)).toHaveLength(3);

    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed, also with the sampled softmax', async () => {
    const small = { ...hp, maxEpochs: 2, fullSoftmaxMaxItems: 10, sampledNegatives: 8 };
    const a = await SequenceModel.train(data, small, { seed: 4 });
    const b = await SequenceModel.train(data, small, { seed: 4 });
    expect(Array.from(b.scoreUsers(data.histories.slice(0, 5)))).toEqual(Array.from(a.scoreUsers(data.histories.slice(0, 5))));
    a.dispose();
    b.dispose();
  });
});
