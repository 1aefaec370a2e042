// `tailor evaluate`: the evaluation table of a trained version (the active one by default) beside the baselines.
import type { Command } from 'commander';
import { loadAppConfig } from '../src/config/app-config.js';
import { openDataSource } from '../src/database/data-source.factory.js';
import { formatMetricsTable } from '../src/ml/evaluation/metrics-table.js';
import { compareWithBestBaseline, formatBaselineComparison } from '../src/ml/report/baseline-comparison.js';
import { runEvaluateJob } from './evaluate-job.js';
import { TrainDataError } from './train-job.js';
import { UsageError } from '../src/cli/cli-errors.js';

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description("re-run a version's stored evaluation protocol on the database: its models beside the baselines")
    .option('--version <id>', 'model version (default: the active one)')
    .option('--models-dir <dir>', 'where artifacts are (default: MODELS_DIR, else models)')
    .action(async (flags: { version?: string; modelsDir?: string }) => {
      const config = loadAppConfig();
      const ds = await openDataSource({ url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR });
      try {
        const r = await runEvaluateJob(ds, {
          version: flags.version,
          modelsDir: flags.modelsDir ?? config.MODELS_DIR,
          log: (m) => process.stderr.write(`${m}\n`),
        });
        const p = r.manifest.protocol;
        process.stdout.write(
          [
            `Version ${r.version} (trained ${r.manifest.createdAt}, code ${r.manifest.codeVersion})`,
            `Protocol: users with ≥ ${p.minBaskets} baskets, last basket held out, full-catalog ranking, seed ${p.seed}; primary ${p.primaryMetric}`,
            r.droppedInteractions
              ? `Note: ${r.droppedInteractions} purchase lines of items unknown to this version were left out`
              : '',
            formatMetricsTable(r.results.map((x) => x.result)),
            '',
            formatBaselineComparison(compareWithBestBaseline(r.results)),
            '',
          ]
            .filter((l) => l !== '')
            .join('\n') + '\n',
        );
      } catch (e) {
        if (e instanceof TrainDataError) throw new UsageError(e.message);
        throw e;
      } finally {
        await ds.destroy();
      }
    });
}
