// `tailor evaluate`: re-runs the evaluation protocol stored in an artifact's manifest against the
// data in the database, with the artifact's models beside freshly fitted baselines.
import type { DataSource } from 'typeorm';
import { bundleBlend, bundleRankerScorers, bundleSourceScorers } from '../src/ml/artifact/bundle-scorers.js';
import { evaluate } from '../src/ml/evaluation/evaluate.js';
import type { RankerHead } from '../src/ml/ranking/learned-ranker.js';
import { servedResult } from '../src/ml/ranking/served-result.js';
import { LINEAR_BLEND_NAME } from '../src/ml/ranking/blend-recipe-sources.js';
import { disposeBundle, loadBundle, type BundleManifest } from '../src/ml/artifact/model-bundle.js';
import { refitStatistics } from '../src/ml/artifact/held-out-statistics.js';
import type { EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import type { ScorerKind } from '../src/ml/report/training-report.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import { ArtifactNotFoundError, resolveArtifactDir } from '../src/model-registry/artifact-location.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import { loadHeldOutData } from '../src/training-data/held-out-data.loader.js';
import { evaluateSuite, SERVED_SCORER_NAME } from './evaluation-suite.js';
import { BASELINE_NAMES, type BaselineName } from './train-config.js';
import { TrainDataError } from './train-job.js';

export interface EvaluateJobResult {
  version: string;
  manifest: BundleManifest;
  results: { kind: ScorerKind; result: EvaluationResult }[];
  /** Purchase lines of items the artifact does not know (catalog grew since training). */
  droppedInteractions: number;
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
  let dir: string;
  try {
    dir = resolveArtifactDir(options.modelsDir, version, record?.artifactPath ?? null);
  } catch (e) {
    if (e instanceof ArtifactNotFoundError) throw new TrainDataError(e.message);
    throw e;
  }
  await initTf({ log });
  registerTrainingKernels(); // the models' forward pass uses UnsortedSegmentSum, which stock wasm lacks
  const bundle = await loadBundle(dir);
  try {
    const { manifest } = bundle;
    const heldOut = await loadHeldOutData(dataSource, manifest);
    if (!heldOut) throw new TrainDataError(`no purchase events in the artifact's data window`);
    const { split, dropped } = heldOut;
    const protocol = manifest.protocol;
    const trainData = { numItems: split.numItems, histories: split.train };
    const { repeat, popularity } = refitStatistics(manifest, trainData);
    const linear = bundleBlend(bundle, { repeat, popularity });
    const ranker = bundleRankerScorers(
      bundle,
      bundleSourceScorers(bundle, { repeat, popularity }),
      trainData,
      'popularity-order',
    );
    const results = await evaluateSuite(
      split,
      protocol,
      {
        served: linear,
        sources: [
          ...Object.values(bundle.models).filter((m) => m !== undefined),
          ...(bundle.itemItem ? [bundle.itemItem] : []),
          repeat,
        ],
        baselines: options.baselines ?? BASELINE_NAMES,
        easeLambda: (manifest.hyperParameters.ease as { lambda?: number } | undefined)?.lambda,
      },
      (name) => log(`evaluated ${name}`),
    );
    if (ranker) {
      // As the training job reports it: the heads, and the served row taking each setting from its head.
      try {
        const heads: { head: RankerHead; result: EvaluationResult }[] = [];
        for (const head of ['all', 'new'] as const) {
          const scorer = ranker[head];
          if (scorer) heads.push({ head, result: await evaluate(scorer, split, protocol) });
        }
        const linearResult = results[0].result;
        results.splice(
          0,
          1,
          { kind: 'served', result: servedResult(linearResult, heads, SERVED_SCORER_NAME) },
          { kind: 'model', result: { ...linearResult, scorer: LINEAR_BLEND_NAME } },
          ...heads.map((h) => ({ kind: 'model' as const, result: h.result })),
        );
      } finally {
        ranker.dispose();
      }
    }
    return { version, manifest, results, droppedInteractions: dropped };
  } finally {
    disposeBundle(bundle);
  }
}
