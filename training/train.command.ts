// `tailor train`: the offline training job (train-job.ts) in its own process.
import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadAppConfig } from '../src/config/app-config.js';
import { describeDatabase, openDataSource } from '../src/database/data-source.factory.js';
import { formatMetricsTable } from '../src/ml/evaluation/metrics-table.js';
import { compareWithBestBaseline, formatBaselineComparison } from '../src/ml/report/baseline-comparison.js';
import { ACTIVATION_POLICIES } from '../src/model-registry/activation-policy.js';
import { MODEL_NAMES, TrainConfigError, loadTrainConfig, type ModelName } from './train-config.js';
import { runTrainJob, TrainDataError } from './train-job.js';
import { createTrainProgress } from './train-progress.js';
import { UsageError } from '../src/cli/cli-errors.js';

export const DEFAULT_TRAIN_CONFIG = 'training/tailor.train.jsonc';

interface TrainFlags {
  config?: string;
  activate?: string;
  seed?: number;
  models?: ModelName[];
  modelsDir?: string;
}

function seedArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a non-negative whole number');
  return n;
}

function modelsArg(value: string): ModelName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(MODEL_NAMES as readonly string[]).includes(n));
  if (bad.length || names.length === 0)
    throw new InvalidArgumentError(`a comma-separated subset of ${MODEL_NAMES.join(',')}`);
  return names as ModelName[];
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train, evaluate, save an artifact under models/<version>/, register it and activate it per policy')
    .option('--config <file>', `training config (JSONC); default ${DEFAULT_TRAIN_CONFIG} when present`)
    .option('--activate <policy>', `${ACTIVATION_POLICIES.join('|')} (default if-better on the primary metric)`)
    .option('--seed <n>', 'random seed (same data + seed → same model)', seedArg)
    .option('--models <list>', `models to train: ${MODEL_NAMES.join(',')}`, modelsArg)
    .option('--models-dir <dir>', 'where artifacts are written (default: MODELS_DIR, else models)')
    .action(async (flags: TrainFlags) => {
      if (flags.activate && !(ACTIVATION_POLICIES as readonly string[]).includes(flags.activate)) {
        throw new UsageError(`--activate must be one of ${ACTIVATION_POLICIES.join(', ')} (got "${flags.activate}")`);
      }
      const appConfig = loadAppConfig();
      const file = flags.config ?? (existsSync(DEFAULT_TRAIN_CONFIG) ? DEFAULT_TRAIN_CONFIG : undefined);
      let config;
      try {
        config = loadTrainConfig(file, {
          activate: flags.activate,
          seed: flags.seed,
          models: flags.models,
          modelsDir: flags.modelsDir ?? (process.env.MODELS_DIR ? appConfig.MODELS_DIR : undefined),
        });
      } catch (e) {
        if (e instanceof TrainConfigError) throw new UsageError(e.message);
        throw e;
      }
      const target = { url: appConfig.DATABASE_URL, dataDir: appConfig.TAILOR_DATA_DIR };
      const ds = await openDataSource(target);
      const progress = createTrainProgress();
      progress.log(`training from ${describeDatabase(target)}${file ? ` with ${file}` : ''}`);
      try {
        const result = await runTrainJob(ds, config, progress);
        progress.close();
        const seconds = result.report.timings.reduce((s, t) => s + t.seconds, 0);
        process.stdout.write(
          [
            `Trained ${result.version} in ${seconds.toFixed(1)} s (${result.manifest.backend} backend)`,
            formatMetricsTable(result.report.results.map((r) => r.result)),
            formatBaselineComparison(compareWithBestBaseline(result.report.results)),
            `Blend weights: ${result.manifest.blend.map((b) => `${b.name}=${+b.weight.toFixed(3)}`).join(', ')}`,
            `Artifact: ${result.artifactDir} (report.md, report.html)`,
            `${result.activation.activate ? 'Activated' : 'Not activated'}: ${result.activation.reason}`,
            '',
          ].join('\n'),
        );
      } catch (e) {
        if (e instanceof TrainDataError) throw new UsageError(e.message);
        throw e;
      } finally {
        progress.close();
        await ds.destroy();
      }
    });
}
