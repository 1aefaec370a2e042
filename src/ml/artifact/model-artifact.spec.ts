import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { CollaborativeModel } from '../models/collaborative-model.js';
import { ContentModel } from '../models/content-model.js';
import { SequenceModel } from '../models/sequence-model.js';
import { syntheticPurchases } from '../models/testing/synthetic-purchases.js';
import { loadModel, saveModel, type TrainedModel } from './model-artifact.js';

describe('model artifacts', () => {
  const data = syntheticPurchases({ users: 40 });
  const hp = { dim: 8, maxEpochs: 2, batchSize: 16 };
  let dir: string;

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
    dir = await mkdtemp(join(tmpdir(), 'tailor-artifact-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const trainers: [string, () => Promise<TrainedModel>][] = [
    ['collaborative', () => CollaborativeModel.train(data, hp, { seed: 1 })],
    ['content', () => ContentModel.train(data, hp, { seed: 1 })],
    ['sequence', () => SequenceModel.train(data, { ...hp, maxLength: 6 }, { seed: 1 })],
  ];

  it.each(trainers)('%s: save → load gives identical scores', async (name, train) => {
    const model = await train();
    const users = [
      ...data.histories.slice(0, 6),
      { user: -1, baskets: [{ id: 1, time: 0, items: [3, 4], quantities: [1, 1] }] },
    ];
    const before = Array.from(await model.scoreUsers(users));
    await saveModel(dir, model);
    const loaded = await loadModel(dir, name);
    expect(loaded.name).toBe(name);
    expect(Array.from(await loaded.scoreUsers(users))).toEqual(before);
    expect(loaded.similarItems(2, 3)).toEqual(model.similarItems(2, 3));
    model.dispose();
    loaded.dispose();
  });
});
