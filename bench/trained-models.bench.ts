// Trained TF.js models (collaborative, content, sequence) next to the popularity baseline: held-out
// NDCG@10 and training wall time, from bench/ml/model-quality.ts. Loaded lazily.
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { fmt, ratio, type BenchResult } from './support/report.js';

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { runModelQuality } = await import('./ml/model-quality.js');
  const maxUsers = process.env.BENCH_MODEL_MAX_USERS ? Number(process.env.BENCH_MODEL_MAX_USERS) : undefined;
  const report = await runModelQuality({ path: ctx.dataFile, maxUsers, log: (m) => ctx.log(`models: ${m}`) });
  const pop = report.rows.find((r) => r.training === null)?.ndcgAll ?? Number.NaN;
  return {
    tables: [
      {
        title: `Held-out last basket, ${fmt(report.data.testUsers)} users (${fmt(report.data.users)} users, ${fmt(report.data.items)} items)`,
        columns: ['scorer', 'ndcg@10 all', 'vs popularity', 'ndcg@10 new', 'train s', 'epochs (best)', 'load avg'],
        rows: report.rows.map((r) => [
          r.scorer,
          r.ndcgAll.toFixed(4),
          ratio(r.ndcgAll, pop),
          r.ndcgNew.toFixed(4),
          fmt(r.trainSeconds, 1),
          r.training ? `${r.training.epochs} (${r.training.bestEpoch})` : '-',
          r.load.toFixed(1),
        ]),
      },
    ],
    notes: ['training seconds are inflated on a loaded machine: the load average at the end of each fit is shown'],
    figures: report.rows.map((r) => ({
      measure: `${r.scorer}, NDCG@10 all / new items (held-out last basket)`,
      result:
        `${r.ndcgAll.toFixed(4)} / ${r.ndcgNew.toFixed(4)}` +
        (r.training ? `, ${ratio(r.ndcgAll, pop)} popularity, trained in ${fmt(r.trainSeconds, 1)} s` : ''),
    })),
  };
}

export const trainedModelsSection: BenchSection = {
  name: 'models',
  title: 'Trained models: quality and training time',
  run,
};
