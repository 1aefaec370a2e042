import type { TrainedModel } from '../artifact/model-artifact.js';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { CollaborativeModel } from './collaborative-model.js';
import { ContentModel } from './content-model.js';
import { SequenceModel } from './sequence-model.js';
import { syntheticPurchases } from './testing/synthetic-purchases.js';

// The train job's refit continues each model from the weights fitted for the blend (TrainOptions.warmStart).
describe('warm start', () => {
  const data = syntheticPurchases();
  const hp = { dim: 16, maxEpochs: 2, patience: 2, batchSize: 32, timeBudgetSeconds: null };
  const probe = data.histories.slice(0, 6);
  type Train = (overrides: object, seed: number, warmStart?: TrainedModel) => Promise<TrainedModel>;
  const models: [string, Train][] = [
    ['collaborative', (o, seed, w) => CollaborativeModel.train(data, { ...hp, ...o }, { seed, warmStart: w as CollaborativeModel })],
    ['content', (o, seed, w) => ContentModel.train(data, { ...hp, ...o }, { seed, warmStart: w as ContentModel })],
    ['sequence', (o, seed, w) => SequenceModel.train(data, { ...hp, ...o }, { seed, warmStart: w as SequenceModel })],
  ];

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it.each(models)('%s starts from the given weights, leaves them untouched and learns on', async (_, train) => {
    const first = await train({}, 1);
    const before = Array.from(first.scoreUsers(probe));
    // No epoch: exactly the warm model's scores (an untrained model differs).
    const copy = await train({ maxEpochs: 0 }, 2, first);
    expect(Array.from(copy.scoreUsers(probe))).toEqual(before);
    const cold = await train({ maxEpochs: 0 }, 2);
    expect(Array.from(cold.scoreUsers(probe))).not.toEqual(before);
    // One more epoch moves the copy, not the original.
    const tuned = await train({ maxEpochs: 1, validationFraction: 0 }, 2, first);
    expect(Array.from(tuned.scoreUsers(probe))).not.toEqual(before);
    expect(Array.from(first.scoreUsers(probe))).toEqual(before);
    for (const m of [first, copy, cold, tuned]) m.dispose();
  });

  it('refuses weights of another shape', async () => {
    const first = await CollaborativeModel.train(data, { ...hp, maxEpochs: 0 }, { seed: 1 });
    await expect(CollaborativeModel.train(data, { ...hp, dim: 8 }, { seed: 1, warmStart: first })).rejects.toThrow(
      /same catalog and dim/,
    );
    first.dispose();
  });
});
