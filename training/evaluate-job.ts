// `tailor evaluate`: re-runs the evaluation protocol stored in an artifact's manifest against the
// data in the database, with the artifact's models beside freshly fitted baselines.
import type { DataSource } from 'typeorm';
import { bundleBlend, bundleRankerScorers, bundleSourceScorers } from '../src/ml/artifact/bundle-scorers.js';
import { disposeBundle, loadBundle, type BundleManifest, type ModelBundle } from '../src/ml/artifact/model-bundle.js';
import { refitStatistics } from '../src/ml/artifact/held-out-statistics.js';
import type { HoldoutSplit } from '../src/ml/data/holdout-split.js';
import { evaluate, type EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import type { RankerHead } from '../src/ml/ranking/learned-ranker.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import { ArtifactNotFoundError, resolveArtifactDir } from '../src/model-registry/artifact-location.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import { loadHeldOutData } from '../src/training-data/held-out-data.loader.js';
import { evaluateSuite, withRankerRows, type SuiteRow } from './evaluation-suite.js';
import { BASELINE_NAMES, type BaselineName } from './train-config.js';
import { TrainDataError } from './train-data-error.js';

export interface EvaluateJobResult {
  version: string;
  manifest: BundleManifest;
  results: SuiteRow[];
  /** Purchase lines of items the artifact does not know (catalog grew since training). */
  droppedInteractions: number;
}

export async function runEvaluateJob(
  dataSource: DataSource,
  options: { version?: string; modelsDir: string; baselines?: readonly BaselineName[]; log?: (m: string) => void },
): Promise<EvaluateJobResult> {
  const log = options.log ?? (() => undefined);
  const { version, dir } = await locateArtifact(new ModelVersionRepository(dataSource), options);
  await initTf({ log });
  registerTrainingKernels(); // the models' forward pass uses UnsortedSegmentSum, which stock wasm lacks
  const bundle = await loadBundle(dir);
  try {
    const heldOut = await loadHeldOutData(dataSource, bundle.manifest);
    if (!heldOut) throw new TrainDataError(`no purchase events in the artifact's data window`);
    const results = await evaluateBundle(bundle, heldOut.split, options.baselines ?? BASELINE_NAMES, log);
    return { version, manifest: bundle.manifest, results, droppedInteractions: heldOut.dropped };
  } finally {
    disposeBundle(bundle);
  }
}

/** The version asked for (default the active one) and its artifact folder. */
async function locateArtifact(
  registry: ModelVersionRepository,
  options: { version?: string; modelsDir: string },
): Promise<{ version: string; dir: string }> {
  const version = options.version ?? (await registry.activeVersionId());
  if (!version) throw new TrainDataError('no active model version: train one with `tailor train`, or pass --version');
  const record = await registry.findById(version);
  try {
    return { version, dir: resolveArtifactDir(options.modelsDir, version, record?.artifactPath ?? null) };
  } catch (e) {
    if (e instanceof ArtifactNotFoundError) throw new TrainDataError(e.message);
    throw e;
  }
}

/** The rows the training job reported, from the saved bundle: statistics refitted on the split's training part. */
async function evaluateBundle(
  bundle: ModelBundle,
  split: HoldoutSplit,
  baselines: readonly BaselineName[],
  log: (m: string) => void,
): Promise<SuiteRow[]> {
  const protocol = bundle.manifest.protocol;
  const trainData = { numItems: split.numItems, histories: split.train };
  const { repeat, popularity } = refitStatistics(bundle.manifest, trainData);
  const rows = await evaluateSuite(
    split,
    protocol,
    {
      served: bundleBlend(bundle, { repeat, popularity }),
      sources: [
        ...Object.values(bundle.models).filter((m) => m !== undefined),
        ...(bundle.itemItem ? [bundle.itemItem] : []),
        repeat,
      ],
      baselines,
    },
    (name) => log(`evaluated ${name}`),
  );
  const ranker = bundleRankerScorers(
    bundle,
    bundleSourceScorers(bundle, { repeat, popularity }),
    trainData,
    'popularity-order',
  );
  if (!ranker) return rows;
  try {
    const heads: { head: RankerHead; result: EvaluationResult }[] = [];
    for (const head of ['all', 'new'] as const) {
      const scorer = ranker[head];
      if (scorer) heads.push({ head, result: await evaluate(scorer, split, protocol) });
    }
    return withRankerRows(rows, heads);
  } finally {
    ranker.dispose();
  }
}
