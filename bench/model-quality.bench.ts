// Model quality: the ML evaluation on the Online Retail file (baselines, repeat-purchase
// model, fitted blend) under the default protocol. Loaded lazily: other sections need no TF.js.
import type { BenchContext, BenchSection } from './support/bench-context.js';
import type { BenchResult } from './support/report.js';
import type { EvaluationResult } from '../src/ml/evaluation/evaluate.js';

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { runBaselineQuality } = await import('./ml/baseline-quality.js');
  const report = await runBaselineQuality({ path: ctx.dataFile, log: (m) => ctx.log(`quality: ${m}`) });
  const d = report.data;
  return {
    tables: [],
    blocks: [report.table],
    notes: [
      `${d.users} users, ${d.items} items, ${d.interactions} interactions; ${d.testUsers} held-out users ` +
        `(protocol: ${JSON.stringify(report.protocol)})`,
      `baselines tuned on the validation split in ${report.baselines.tuneSeconds.toFixed(1)} s: ` +
        report.baselines.tuned
          .map((t) => `${t.kind} all ${JSON.stringify(t.params.all)} new ${JSON.stringify(t.params.new)}`)
          .join('; '),
      `evaluated in ${report.seconds.toFixed(1)} s`,
    ],
    figures: report.results.map((r) => ({
      measure: `${r.scorer}, NDCG@10 all / new items (held-out last basket, no TF.js)`,
      result: ['all', 'new'].map((s) => ndcg(r, s)).join(' / '),
    })),
  };
}

function ndcg(r: EvaluationResult, setting: string): string {
  return r.settings.find((s) => s.setting === setting)?.metrics['ndcg@10']?.toFixed(4) ?? '—';
}

export const modelQualitySection: BenchSection = {
  name: 'quality',
  title: 'Recommendation quality (held-out last basket)',
  run,
};
