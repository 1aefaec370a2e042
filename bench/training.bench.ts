// Training cost: samples/s of each model with and without the kernel fixes
// (bench/ml/training-throughput.ts, synthetic data), and a full `tailor train` on Online Retail:
// wall time and peak RSS of the CLI process (from the shared fixture, bench/support/trained-store.ts).
// Default backend wasm (without the fixes it cannot train at all); BENCH_TRAINING_BACKENDS=wasm,cpu adds cpu,
// whose run without the fixes takes many minutes.
import { measureTrainingThroughput } from './ml/training-throughput.js';
import type { TfBackendName } from '../src/ml/tf/tf-backend.js';
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { fmt, type BenchResult } from './support/report.js';
import { trainedStore } from './support/trained-store.js';

/** A full training run on the whole file should fit in five minutes on the 2-core reference machine. */
const TRAIN_GOAL_SECONDS = 300;

async function runTraining(ctx: BenchContext): Promise<BenchResult> {
  const backends = (process.env.BENCH_TRAINING_BACKENDS ?? 'wasm').split(',') as TfBackendName[];
  ctx.log(`training: samples/s per model, with and without kernel fixes (${backends.join(', ')})`);
  const throughput = await measureTrainingThroughput({ backends });
  const store = await trainedStore(ctx);
  return {
    tables: [
      {
        title: 'Training throughput, one epoch on synthetic data (1,000 items, 512 users, d=32)',
        columns: ['model', 'backend', 'kernel fixes', 'samples/s'],
        rows: throughput.map((r) => [
          r.model,
          r.backend,
          r.kernelFixes ? 'yes' : 'no',
          r.samplesPerSecond === null ? `unsupported (${r.error ?? 'error'})` : fmt(r.samplesPerSecond),
        ]),
      },
      {
        title: 'Full `tailor train` on Online Retail (child process, default config)',
        columns: ['what', 'value'],
        rows: [
          ['CLI summary', store.train.summary],
          ['wall time', `${fmt(store.train.wallSeconds, 1)} s`],
          ['peak RSS', store.train.peakRssMb === null ? 'n/a (no /usr/bin/time)' : `${fmt(store.train.peakRssMb)} MB`],
        ],
      },
    ],
    figures: [
      {
        measure: '`tailor train` on Online Retail, default config (child process)',
        result:
          `${fmt(store.train.wallSeconds, 1)} s wall` +
          (store.train.peakRssMb === null ? '' : `, peak RSS ${fmt(store.train.peakRssMb)} MB`),
        target: `≤ ${fmt(TRAIN_GOAL_SECONDS)} s`,
        verdict: store.train.wallSeconds <= TRAIN_GOAL_SECONDS ? 'PASS' : 'FAIL',
      },
      ...throughput
        .filter((r) => r.kernelFixes && r.samplesPerSecond !== null)
        .map((r) => ({
          measure: `training throughput, ${r.model}, one epoch on synthetic data (${r.backend}, kernel fixes)`,
          result: `${fmt(r.samplesPerSecond!)} samples/s`,
        })),
    ],
    notes: [
      'The full run includes loading data, three TF.js models, blend fitting, evaluation with baselines and the artifact.',
    ],
  };
}

export const trainingSection: BenchSection = {
  name: 'training',
  title: 'Training throughput and full training run',
  run: runTraining,
};
