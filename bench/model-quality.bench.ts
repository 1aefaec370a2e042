// Model quality: the ML colleagues' evaluation on the Online Retail file (baselines, repeat-purchase
// model, fitted blend) under the default protocol. Loaded lazily: other sections need no TF.js.
import type { BenchContext, BenchSection } from './support/bench-context.js';
import type { BenchResult } from './support/report.js';

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
  };
}

export const modelQualitySection: BenchSection = {
  name: 'quality',
  title: 'Recommendation quality (held-out last basket)',
  run,
};
