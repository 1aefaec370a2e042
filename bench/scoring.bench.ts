// One request's model work on a synthetic 500,000-item catalog: user vector · item matrix
// (tf.matMul [1×d]×[d×N] on the TF.js wasm backend, the layout that needs no transposed matMul), read out with
// readSync, then a partial top-k. Target: p99 ≤ 20 ms per request.
import * as tf from '@tensorflow/tfjs';
import { topK } from '../src/ml/evaluation/top-k.js';
import { readSync } from '../src/ml/tf/read-sync.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { fmt, median, percentile, type BenchResult } from './support/report.js';

const ITEMS = Number(process.env.BENCH_SCORING_ITEMS ?? 500_000);
const DIM = 64;
const K = 20;
const WARMUP = 20;
const ITERATIONS = Number(process.env.BENCH_SCORING_ITERATIONS ?? 300);
const P99_GOAL_MS = 20;

async function runScoring(ctx: BenchContext): Promise<BenchResult> {
  const backend = await initTf({ preferred: 'wasm', log: () => undefined });
  registerTrainingKernels();
  ctx.log(`scoring: ${ITEMS.toLocaleString('en-US')} items × d=${DIM} on ${backend}, ${ITERATIONS} requests`);
  const items = tf.randomNormal([DIM, ITEMS], 0, 1, 'float32', 7);
  const exclude = new Set<number>([1, 2, 3]); // a few purchased items, as in a real request
  const total: number[] = [];
  const matmul: number[] = [];
  const select: number[] = [];
  try {
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const user = tf.randomNormal([1, DIM], 0, 1, 'float32', i);
      const t0 = performance.now();
      const scores = readSync(() => tf.matMul(user, items));
      const t1 = performance.now();
      const top = topK(scores, K, { exclude });
      const t2 = performance.now();
      user.dispose();
      if (top.length !== K) throw new Error(`top-k returned ${top.length} items`);
      if (i >= WARMUP) {
        total.push(t2 - t0);
        matmul.push(t1 - t0);
        select.push(t2 - t1);
      }
    }
  } finally {
    items.dispose();
  }
  const p99 = percentile(total, 99);
  return {
    tables: [
      {
        title: `Scoring + top-${K} of one user over ${ITEMS.toLocaleString('en-US')} items (d=${DIM}, ${backend} backend, ${ITERATIONS} requests after ${WARMUP} warm-up)`,
        columns: ['step', 'p50 ms', 'p99 ms', 'max ms'],
        rows: [
          [
            'matMul [1×d]×[d×N] + readSync',
            fmt(median(matmul), 2),
            fmt(percentile(matmul, 99), 2),
            fmt(Math.max(...matmul), 2),
          ],
          [
            `partial top-${K} (k-buffer, 3 excluded)`,
            fmt(median(select), 2),
            fmt(percentile(select, 99), 2),
            fmt(Math.max(...select), 2),
          ],
          ['one request', fmt(median(total), 2), fmt(p99, 2), fmt(Math.max(...total), 2)],
        ],
      },
      {
        title: 'Target',
        columns: ['target', 'goal', 'measured', 'verdict'],
        rows: [
          [
            'scoring + top-k, 500k items',
            `p99 ≤ ${P99_GOAL_MS} ms`,
            `p99 ${fmt(p99, 2)} ms`,
            p99 <= P99_GOAL_MS ? 'PASS' : 'FAIL',
          ],
        ],
      },
    ],
    notes: ['Single-threaded wasm (SIMD); the machine is shared, so the p99 includes scheduling noise.'],
  };
}

export const scoringSection: BenchSection = {
  name: 'scoring',
  title: 'Synthetic 500k-item scoring (TF.js wasm)',
  run: runScoring,
};
