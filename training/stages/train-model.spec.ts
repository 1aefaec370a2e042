import { registerTrainingKernels } from '../../src/ml/tf/kernels/training-kernels.js';
import { initTf } from '../../src/ml/tf/tf-backend.js';
import { CollaborativeModel } from '../../src/ml/models/collaborative-model.js';
import { SequenceModel } from '../../src/ml/models/sequence-model.js';
import { syntheticPurchases } from '../../src/ml/models/testing/synthetic-purchases.js';
import { silentTrainProgress, type TrainProgress } from '../train-progress.js';
import { trainModel } from './train-model.js';

describe('trainModel', () => {
  const data = syntheticPurchases({ users: 40 });
  const hp = { dim: 8, maxEpochs: 3, patience: 3, batchSize: 16, timeBudgetSeconds: null };

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
    registerTrainingKernels();
  });

  it('trains the named model and reports every epoch under its label, with the loss curve for the report', async () => {
    const epochs: string[] = [];
    const progress: TrainProgress = {
      ...silentTrainProgress,
      epoch: (model, epoch, maxEpochs, loss) => epochs.push(`${model} ${epoch}/${maxEpochs} ${loss}`),
    };
    const { model, lossCurve } = await trainModel({
      name: 'collaborative',
      data,
      hyperParams: hp,
      seed: 1,
      progress,
      label: 'collaborative (refit)',
    });
    try {
      expect(model).toBeInstanceOf(CollaborativeModel);
      expect(lossCurve.model).toBe('collaborative (refit)');
      expect(lossCurve.losses).toHaveLength(epochs.length);
      expect(lossCurve.losses.every(Number.isFinite)).toBe(true);
      expect(epochs[0]).toMatch(/^collaborative \(refit\) 1\/3 /);
    } finally {
      model.dispose();
    }
  });

  it('continues from warm-start weights of the same model kind', async () => {
    const first = await trainModel({ name: 'sequence', data, hyperParams: hp, seed: 1, progress: silentTrainProgress });
    const next = await trainModel({
      name: 'sequence',
      data,
      hyperParams: { ...hp, maxEpochs: 1 },
      seed: 1,
      progress: silentTrainProgress,
      warmStart: first.model,
    });
    try {
      expect(first.model).toBeInstanceOf(SequenceModel);
      expect(next.lossCurve.model).toBe('sequence');
      // one more epoch from trained weights starts below where the fresh model started
      expect(next.lossCurve.losses[0]).toBeLessThan(first.lossCurve.losses[0]);
    } finally {
      first.model.dispose();
      next.model.dispose();
    }
  });
});
