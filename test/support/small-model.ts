import type { DataSource } from 'typeorm';
import { importOnlineRetail } from '../../src/importer/index.js';
import { loadTrainConfig, type TrainConfig } from '../../training/train-config.js';
import { runTrainJob, type TrainJobResult } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { writeOnlineRetailSample } from './online-retail-sample.js';

/** Few epochs, no wall-clock budget (deterministic), cheap baselines: a real but small training run. */
export function smallTrainConfig(modelsDir: string, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const small = { maxEpochs: 2, patience: 1, timeBudgetSeconds: null };
  return loadTrainConfig(undefined, {
    modelsDir,
    collaborative: small,
    content: small,
    sequence: { ...small, dim: 16 },
    baselines: ['popularity', 'repeat-frequency'],
    ...overrides,
  });
}

/** Imports the first `rows` rows of the real Online Retail file and trains + activates a small model on them. */
export async function importAndTrainSmallModel(
  dataSource: DataSource,
  modelsDir: string,
  rows = 25_000,
): Promise<TrainJobResult> {
  await importOnlineRetail(dataSource, await writeOnlineRetailSample(rows));
  return runTrainJob(dataSource, smallTrainConfig(modelsDir, { activate: 'always' }), silentTrainProgress);
}

/**
 * Imports the first `rows` rows of the real Online Retail file and trains + activates the cheapest real model
 * (collaborative only, one epoch, the popularity baseline): enough for specs about serving, not about quality.
 */
export async function importAndTrainCollaborativeModel(
  dataSource: DataSource,
  modelsDir: string,
  rows = 12_000,
): Promise<TrainJobResult> {
  await importOnlineRetail(dataSource, await writeOnlineRetailSample(rows));
  const small = { maxEpochs: 1, patience: 1, timeBudgetSeconds: null };
  return runTrainJob(
    dataSource,
    loadTrainConfig(undefined, {
      modelsDir,
      models: ['collaborative'],
      collaborative: small,
      baselines: ['popularity'],
      activate: 'always',
    }),
    silentTrainProgress,
  );
}
