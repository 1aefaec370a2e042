// The offline training job (`tailor train`), in its own process, never inside the API. Its stages, in order:
// load → split → fit sources → fit blend → fit ranker → refit → evaluate → build artifact → write artifact →
// register → segments → customer value. Each stage is a function in stages/ with typed input and output.
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { BundleManifest, ModelBundle } from '../src/ml/artifact/model-bundle.js';
import { disposeBundle } from '../src/ml/artifact/model-bundle.js';
import type { TrainingData } from '../src/ml/data/training-data.js';
import {
  DEFAULT_PROTOCOL,
  parsePrimaryMetric,
  type EvaluationProtocol,
} from '../src/ml/evaluation/evaluation-protocol.js';
import type { TrainingReport } from '../src/ml/report/training-report.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import type { ActivationDecision } from '../src/model-registry/activation-policy.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import type { RecomputeSummary, SegmentConfig } from '../src/segments/segments.service.js';
import { DEFAULT_EASE_OPTIONS } from '../src/ml/baselines/ease-scorer.js';
import { sampleHoldout } from '../src/ml/baselines/validation-sample.js';
import {
  blendValidationUsers,
  describeSample,
  trainingCaps,
  type SoftmaxSettings,
} from '../src/ml/report/training-scale.js';
import { StageTimer } from './stage-timer.js';
import type { TrainConfig } from './train-config.js';
import type { TrainProgress } from './train-progress.js';
import { buildManifest, newVersionId, servedScorers, type ArtifactInput } from './stages/build-artifact.stage.js';
import { evaluateOnTestBaskets } from './stages/evaluate.stage.js';
import { fitServedBlend, servedBlendRecipes } from './stages/fit-blend.stage.js';
import { fitLearnedRanker } from './stages/fit-ranker.stage.js';
import { fitSourceModels } from './stages/fit-sources.stage.js';
import { loadTrainingData } from './stages/load-data.stage.js';
import { recomputeSegments } from './stages/recompute-segments.stage.js';
import { customerValueSection, runCustomerValueStage } from './stages/customer-value.stage.js';
import { refitModels, servedBlendScorer } from './stages/refit-models.stage.js';
import { decideVersionActivation, registerVersion } from './stages/register-version.stage.js';
import { describeDataWindow, splitTrainingData } from './stages/split-data.stage.js';
import { fitTrainingStatistics } from './stages/training-statistics.stage.js';
import { writeArtifact, writeReport } from './stages/write-artifact.stage.js';

export { TrainDataError } from './train-data-error.js';
export { newVersionId } from './stages/build-artifact.stage.js';

export interface TrainJobResult {
  version: string;
  artifactDir: string;
  manifest: BundleManifest;
  report: TrainingReport;
  activation: ActivationDecision;
  /** Customer segments recomputed after registration; null when that failed (logged, the model stands). */
  segments: RecomputeSummary | null;
}

export interface TrainJobOptions {
  /** Lifecycle thresholds for the segment recomputation; default: SEGMENT_* from the environment. */
  segmentConfig?: SegmentConfig;
}

export function protocolFromConfig(config: TrainConfig): EvaluationProtocol {
  parsePrimaryMetric(config.evaluation.primaryMetric); // throws on a bad name
  return {
    ...DEFAULT_PROTOCOL,
    minBaskets: config.evaluation.minBaskets,
    metrics: config.evaluation.metrics,
    primaryMetric: config.evaluation.primaryMetric,
    seed: config.seed,
  };
}

export async function runTrainJob(
  dataSource: DataSource,
  config: TrainConfig,
  progress: TrainProgress,
  options: TrainJobOptions = {},
): Promise<TrainJobResult> {
  const started = performance.now();
  const timer = new StageTimer(progress);
  const run = { timer, progress };
  const log = (m: string) => progress.log(m);
  const protocol = protocolFromConfig(config);

  const { dataset, histories, customerSample } = await timer.run('load purchases and catalog from the database', () =>
    loadTrainingData(dataSource, config),
  );
  if (customerSample.sampled) log(describeSample(customerSample));
  const numItems = dataset.itemIds.length;
  const { split, val } = splitTrainingData(histories, numItems, protocol);
  const dataWindow = describeDataWindow(dataset);
  log(
    `${dataWindow.purchaseEvents} purchases, ${dataWindow.users} users, ${numItems} items; ${split.test.length} test users (≥ ${protocol.minBaskets} baskets)`,
  );
  const data = (h: TrainingData['histories']): TrainingData => ({ numItems, histories: h, items: dataset.items });

  const backend = await initTf({ log });
  registerTrainingKernels();
  const firstFit = await fitSourceModels(data(val.train), config, run);
  const blend = await timer.run('fit blend weights on the validation split', () =>
    fitServedBlend(split, dataset.items, servedBlendRecipes(config, firstFit.models), {
      protocol,
      log,
      maxValidationUsers: blendValidationUsers(numItems, config.evaluation.maxScoreCells),
    }),
  );
  const rankerConfig = config.ranker;
  const ranker = rankerConfig
    ? await timer.run('fit the learned ranker on the validation baskets', () =>
        fitLearnedRanker(val, dataset.items, blend, { config: rankerConfig, protocol, log }),
      )
    : null;
  const trainData = data(split.train);
  const { models, lossCurves } = await refitModels(trainData, firstFit, config, run);

  const statistics = await fitTrainingStatistics(split, val, trainData, blend, { config, protocol, timer });
  // Test users beyond evaluation.maxUsers are a seeded sample (each costs a score row over the catalog per scorer).
  const testSplit = sampleHoldout(split, config.evaluation.maxUsers, protocol.seed);
  const evaluation = await evaluateOnTestBaskets(
    {
      split,
      testSplit,
      trainData,
      allHistories: histories,
      items: dataset.items,
      served: servedBlendScorer(blend.blend, models),
      models,
      statistics,
      ranker,
    },
    { config, protocol, timer, progress },
  );

  const version = newVersionId();
  const artifactDir = resolve(config.modelsDir, version);
  const artifact: ArtifactInput = {
    config,
    protocol,
    backend,
    dataWindow,
    itemIds: dataset.itemIds,
    allData: data(histories),
    recipes: blend.recipes,
    blend: blend.blend,
    models,
    statistics,
    ranker,
    evaluation,
    sample: customerSample,
  };
  const scorers = servedScorers(artifact);
  const manifest = buildManifest(artifact, {
    version,
    createdAt: new Date().toISOString(),
    trainingSeconds: (performance.now() - started) / 1000,
  });
  const bundle: ModelBundle = { manifest, ...scorers };
  const registry = new ModelVersionRepository(dataSource);
  const activation = await decideVersionActivation(registry, config.activate, manifest.primaryMetric);
  const report = (): TrainingReport => ({
    version,
    createdAt: manifest.createdAt,
    codeVersion: manifest.codeVersion,
    dataWindow,
    results: evaluation.rows,
    lossCurves,
    timings: timer.timings(),
    hyperParameters: manifest.hyperParameters,
    blendWeights: Object.fromEntries(manifest.blend.map((b) => [b.name, b.weight])),
    activation: { activated: activation.activate, reason: activation.reason },
    scale: {
      sample: customerSample,
      caps: trainingCaps({
        numItems,
        softmax: config.models.map((m) => {
          const hp = (models[m] as unknown as { hyperParams: Omit<SoftmaxSettings, 'model'> }).hyperParams;
          return { model: m, fullSoftmaxMaxItems: hp.fullSoftmaxMaxItems, sampledNegatives: hp.sampledNegatives };
        }),
        itemItemMaxItems: config.itemItem === false ? null : config.itemItem.maxItems,
        easeBaselineMaxItems: DEFAULT_EASE_OPTIONS.maxItems,
        blendValidationUsers: {
          used: blend.blend.validationUsers,
          max: blendValidationUsers(numItems, config.evaluation.maxScoreCells),
        },
        testUsers: { used: testSplit.test.length, of: split.test.length },
        rankerMaxUsers: rankerConfig ? rankerConfig.maxUsers : null,
      }),
    },
  });

  // The written report times the stages up to here; the returned one also times writing, registering and segments.
  const written = report();
  await timer.run('write artifact and report', () => writeArtifact(artifactDir, bundle, written));
  await timer.run('register version', () => registerVersion(registry, artifactDir, manifest, activation));
  disposeBundle(bundle);
  const segments = await timer.run('recompute customer segments', () =>
    recomputeSegments(dataSource, options.segmentConfig, log),
  );
  const customerValue = await timer.run('predict customer value', () =>
    runCustomerValueStage(dataSource, artifactDir, progress),
  );
  if (!customerValue) return { version, artifactDir, manifest, report: report(), activation, segments };
  // The report on disk gains the section; its timings stay those of the stages before writing.
  const section = customerValueSection(customerValue);
  await writeReport(artifactDir, { ...written, customerValue: section });
  return { version, artifactDir, manifest, report: { ...report(), customerValue: section }, activation, segments };
}
