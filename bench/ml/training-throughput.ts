// Micro-benchmark: training samples/s of each model with and without the kernel fixes.
// One sample = one user (collaborative, content) or one training window of baskets (sequence); one epoch on synthetic data,
// no validation. Without the fixes the wasm backend has no gather gradient at all (reported as unsupported).
import * as tf from '@tensorflow/tfjs';
import { initTf, type TfBackendName } from '../../src/ml/tf/tf-backend.js';
import { registerTrainingKernels, unregisterTrainingKernels } from '../../src/ml/tf/kernels/training-kernels.js';
import { CollaborativeModel } from '../../src/ml/models/collaborative-model.js';
import { ContentModel } from '../../src/ml/models/content-model.js';
import { SequenceModel } from '../../src/ml/models/sequence-model.js';
import { syntheticPurchases } from '../../src/ml/models/testing/synthetic-purchases.js';

export interface ThroughputResult {
  model: 'collaborative' | 'content' | 'sequence';
  backend: string;
  kernelFixes: boolean;
  /** null when the backend cannot train the model without the fixes. */
  samplesPerSecond: number | null;
  error?: string;
}

export interface ThroughputOptions {
  /** Backends to measure. Default ['wasm', 'cpu']. */
  backends?: TfBackendName[];
  /** Synthetic catalog size (clusters × 50 items). Default 1000 items. */
  numItems?: number;
  /** Users, i.e. samples per measured epoch. Default 512. */
  users?: number;
}

export async function measureTrainingThroughput(options: ThroughputOptions = {}): Promise<ThroughputResult[]> {
  const numItems = options.numItems ?? 1000;
  const data = syntheticPurchases({
    clusters: Math.max(1, Math.round(numItems / 50)),
    itemsPerCluster: 50,
    users: options.users ?? 512,
    baskets: 5,
    basketSize: 6,
  });
  const common = { maxEpochs: 1, validationFraction: 0, dim: 32, timeBudgetSeconds: null };
  const runs: [ThroughputResult['model'], () => Promise<{ dispose(): void }>][] = [
    ['collaborative', () => CollaborativeModel.train(data, common, { seed: 1 })],
    ['content', () => ContentModel.train(data, common, { seed: 1 })],
    ['sequence', () => SequenceModel.train(data, { ...common, maxLength: 20 }, { seed: 1 })],
  ];
  const results: ThroughputResult[] = [];
  for (const backend of options.backends ?? ['wasm', 'cpu']) {
    const got = await initTf({ preferred: backend, log: () => undefined });
    if (got !== backend) continue;
    for (const fixes of [true, false]) {
      unregisterTrainingKernels();
      if (fixes) registerTrainingKernels();
      for (const [model, train] of runs) {
        const start = performance.now();
        try {
          const m = await train();
          const seconds = (performance.now() - start) / 1000;
          m.dispose();
          results.push({
            model,
            backend: tf.getBackend(),
            kernelFixes: fixes,
            samplesPerSecond: data.histories.length / seconds,
          });
        } catch (err) {
          results.push({
            model,
            backend: tf.getBackend(),
            kernelFixes: fixes,
            samplesPerSecond: null,
            error: (err as Error).message.split('\n')[0],
          });
        }
      }
    }
  }
  registerTrainingKernels();
  return results;
}
