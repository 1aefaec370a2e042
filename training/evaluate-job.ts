// `tailor evaluate`: re-runs the evaluation protocol stored in an artifact's manifest against the
// data in the database, with the artifact's models beside freshly fitted baselines.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { bundleBlend } from '../src/ml/artifact/bundle-scorers.js';
import { disposeBundle, loadBundle, type BundleManifest } from '../src/ml/artifact/model-bundle.js';
import { PopularityScorer } from '../src/ml/baselines/popularity-scorer.js';
import { splitLastBasket } from '../src/ml/data/holdout-split.js';
import { buildUserHistories } from '../src/ml/data/user-histories.js';
import type { EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import { RepeatPurchaseScorer, type RepeatPurchaseParams } from '../src/ml/models/repeat-purchase-scorer.js';
import type { ScorerKind } from '../src/ml/report/training-report.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import { PurchaseHistoryRepository } from '../src/training-data/purchase-history.repository.js';
import { evaluateSuite } from './evaluation-suite.js';
import { remapDatasetItems } from './remap-dataset.js';
import { BASELINE_NAMES, type BaselineName } from './train-config.js';
import { TrainDataError } from './train-job.js';
import { buildTrainingDataset } from './training-dataset.js';

export interface EvaluateJobResult {
  version: string;
  manifest: BundleManifest;
  results: { kind: ScorerKind; result: EvaluationResult }[];
  /** Purchase lines of items the artifact does not know (catalog grew since training). */
  droppedInteractions: number;
}

/** Where a version's artifact is: MODELS_DIR/<version> when present (shared volume), else the registered path. */
export function resolveArtifactDir(modelsDir: string, version: string, registeredPath: string | null): string {
  const local = resolve(modelsDir, version);
  if (existsSync(join(local, 'manifest.json'))) return local;
  if (registeredPath && existsSync(join(registeredPath, 'manifest.json'))) return registeredPath;
  throw new TrainDataError(`artifact of ${version} not found in ${local}${registeredPath ? ` or ${registeredPath}` : ''}`);
}

export async function runEvaluateJob(
  dataSource: DataSource,
  options: { version?: string; modelsDir: string; baselines?: readonly BaselineName[]; log?: (m: string) => void },
): Promise<EvaluateJobResult> {
  const log = options.log ?? (() => undefined);
  const registry = new ModelVersionRepository(dataSource);
  const version = options.version ?? (await registry.activeVersionId());
  if (!version) throw new TrainDataError('no active model version: train one with `tailor train`, or pass --version');
  const record = await registry.findById(version);
  const dir = resolveArtifactDir(options.modelsDir, version, record?.artifactPath ?? null);
  await initTf({ log });
  registerTrainingKernels(); // the models' forward pass uses UnsortedSegmentSum, which stock wasm lacks
  const bundle = await loadBundle(dir);
  try {
    const { manifest } = bundle;
    const history = new PurchaseHistoryRepository(dataSource);
    const window = {
      since: manifest.dataWindow.from ? new Date(manifest.dataWindow.from) : undefined,
      until: manifest.dataWindow.to ? new Date(new Date(manifest.dataWindow.to).getTime() + 1) : undefined,
    };
    const [events, catalog] = await Promise.all([history.purchases(window), history.catalog()]);
    if (events.length === 0) throw new TrainDataError(`no purchase events in the artifact's data window`);
    const { dataset, dropped } = remapDatasetItems(buildTrainingDataset(events, catalog), manifest.itemIds);
    const protocol = manifest.protocol;
    const split = splitLastBasket(buildUserHistories(dataset), dataset.itemIds.length, { minBaskets: protocol.minBaskets });
    const trainData = { numItems: split.numItems, histories: split.train };
    // The statistics sources are refitted on the split's training part, exactly as at training time
    // (the artifact's own copies saw every basket, test ones included).
    const repeatParams = manifest.hyperParameters.repeat as RepeatPurchaseParams;
    const repeat = RepeatPurchaseScorer.fit(trainData, repeatParams);
    const served = bundleBlend(bundle, { repeat, popularity: PopularityScorer.fit(trainData) });
    const results = await evaluateSuite(
      split,
      protocol,
      {
        served,
        sources: [...Object.values(bundle.models).filter((m) => m !== undefined), repeat],
        baselines: options.baselines ?? BASELINE_NAMES,
        easeLambda: (manifest.hyperParameters.ease as { lambda?: number } | undefined)?.lambda,
      },
      (name) => log(`evaluated ${name}`),
    );
    return { version, manifest, results, droppedInteractions: dropped };
  } finally {
    disposeBundle(bundle);
  }
}
