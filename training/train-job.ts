// The offline training job (`tailor train`): PostgreSQL → dataset → split → TF.js models → blend
// fitted on validation → evaluation against baselines → artifact + report → registry (+ activation).
// Runs in its own process, never inside the API.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PopularityScorer } from '../src/ml/baselines/popularity-scorer.js';
import { baselineRecipes, trendingPopularityRecipe } from '../src/ml/blend/baseline-recipes.js';
import { BlendScorer } from '../src/ml/blend/blend-scorer.js';
import { fitBlend, type BlendRecipe } from '../src/ml/blend/fit-blend.js';
import { splitLastBasket, validationSplit } from '../src/ml/data/holdout-split.js';
import { buildUserHistories } from '../src/ml/data/user-histories.js';
import type { TrainingData } from '../src/ml/data/training-data.js';
import { primaryMetricValue, type EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import { baselineKinds, evaluateSuite, SERVED_SCORER_NAME } from './evaluation-suite.js';
import { tuneBaselines } from '../src/ml/baselines/tuned-baselines.js';
import { evaluateRanker, fitRankerOnValidation } from './ranker-stage.js';
import { servedResult } from '../src/ml/ranking/served-result.js';
import { LINEAR_BLEND_NAME, rankerAlternatives, rankerSources } from '../src/ml/ranking/blend-recipe-sources.js';
import type { Scorer } from '../src/ml/scorer.js';
import { SOURCE_OF_RECIPE } from '../src/ml/blend/recipe-sources.js';
import {
  DEFAULT_PROTOCOL,
  parsePrimaryMetric,
  type EvaluationProtocol,
} from '../src/ml/evaluation/evaluation-protocol.js';
import { CollaborativeModel, defaultCollaborativeHyperParams } from '../src/ml/models/collaborative-model.js';
import { ItemItemModel } from '../src/ml/models/item-item-model.js';
import { DEFAULT_EASE_OPTIONS, type EaseScorer } from '../src/ml/baselines/ease-scorer.js';
import { ContentModel, defaultContentHyperParams } from '../src/ml/models/content-model.js';
import { RepeatPurchaseScorer, DEFAULT_REPEAT_PARAMS } from '../src/ml/models/repeat-purchase-scorer.js';
import { SequenceModel, defaultSequenceHyperParams } from '../src/ml/models/sequence-model.js';
import type { TrainedModel } from '../src/ml/artifact/model-artifact.js';
import {
  BUNDLE_FORMAT_VERSION,
  disposeBundle,
  saveBundle,
  type BlendSourceSpec,
  type BundleManifest,
  type EvaluationRow,
  type ModelBundle,
} from '../src/ml/artifact/model-bundle.js';
import { renderReportHtml } from '../src/ml/report/render-report-html.js';
import { renderReportMarkdown } from '../src/ml/report/render-report-markdown.js';
import type { ScorerKind, TrainingReport } from '../src/ml/report/training-report.js';
import { initTf } from '../src/ml/tf/tf-backend.js';
import { registerTrainingKernels } from '../src/ml/tf/kernels/training-kernels.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import { PurchaseHistoryRepository } from '../src/training-data/purchase-history.repository.js';
import { loadAppConfig } from '../src/config/app-config.js';
import { SegmentsRepository } from '../src/segments/segments.repository.js';
import { SegmentsService, type RecomputeSummary, type SegmentConfig } from '../src/segments/segments.service.js';
import { decideActivation, type ActivationDecision } from './activation-policy.js';
import { codeVersion } from './code-version.js';
import type { ModelName, TrainConfig } from './train-config.js';
import { buildCatalogDataset } from '../src/ml/data/catalog-dataset.js';
import type { TrainProgress } from './train-progress.js';
import { runCustomerValueStage } from './customer-value-stage.js';

export class TrainDataError extends Error {}

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
  const timings: { stage: string; seconds: number }[] = [];
  const timed = async <T>(stage: string, fn: () => Promise<T> | T): Promise<T> => {
    progress.stage(stage);
    const t = performance.now();
    const out = await fn();
    timings.push({ stage, seconds: (performance.now() - t) / 1000 });
    return out;
  };
  const protocol = protocolFromConfig(config);

  // 1. Data
  const history = new PurchaseHistoryRepository(dataSource);
  const window = {
    since: config.dataWindow.since ? new Date(config.dataWindow.since) : undefined,
    until: config.dataWindow.until ? new Date(config.dataWindow.until) : undefined,
  };
  const { dataset, histories } = await timed('load purchases and catalog from the database', async () => {
    const [events, catalog] = await Promise.all([history.purchases(window), history.catalog()]);
    if (events.length === 0)
      throw new TrainDataError('no purchase events to train on: import data first (tailor import ...)');
    const ds = buildCatalogDataset(events, catalog);
    return { dataset: ds, histories: buildUserHistories(ds) };
  });
  const n = dataset.itemIds.length;
  const split = splitLastBasket(histories, n, { minBaskets: protocol.minBaskets });
  if (split.test.length === 0) {
    throw new TrainDataError(`no user has ${protocol.minBaskets} or more baskets: nothing to hold out for evaluation`);
  }
  const val = validationSplit(split, { minBaskets: protocol.minBaskets });
  const times = dataset.interactions.map((i) => i.time);
  const dataWindow = {
    from: times.length ? new Date(Math.min(...sample(times))).toISOString() : null,
    to: times.length ? new Date(Math.max(...sample(times))).toISOString() : null,
    purchaseEvents: dataset.interactions.length,
    users: dataset.userIds.length,
    items: n,
  };
  progress.log(
    `${dataWindow.purchaseEvents} purchases, ${dataWindow.users} users, ${n} items; ${split.test.length} test users (≥ ${protocol.minBaskets} baskets)`,
  );

  // 2. TF.js models, trained once on the validation-training data (every user's last two baskets held
  //    out). They encode each user from the history given at scoring time, so the same weights score
  //    validation users (for blend weights), test users (with their longer histories) and live traffic.
  const backend = await initTf({ log: (m) => progress.log(m) });
  registerTrainingKernels();
  const modelData: TrainingData = { numItems: n, histories: val.train, items: dataset.items };
  const models: Partial<Record<ModelName, TrainedModel>> = {};
  const lossCurves: { model: string; losses: number[] }[] = [];
  for (const name of config.models) {
    models[name] = await timed(`train ${name} model`, () =>
      trainModel(name, modelData, config[name], config, progress, lossCurves),
    );
    progress.modelDone(name);
  }

  // 3. Blend weights fitted on the validation baskets (never the test baskets).
  const fixed =
    (m: TrainedModel): BlendRecipe['fit'] =>
    () =>
      m;
  // Popularity (with a recency half-life fitted on validation), repeat-purchase, the TF models and the item-to-item
  // table (sparse EASE); item-kNN and dense EASE stay baselines (never served).
  const itemItemParams = config.itemItem === false ? null : config.itemItem;
  const lastEase: { histories?: unknown; ease?: EaseScorer } = {}; // the dense EASE behind the latest table
  const fitItemItem = async (d: TrainingData): Promise<ItemItemModel> => {
    const { model, ease } = await ItemItemModel.fit(d, itemItemParams ?? {});
    Object.assign(lastEase, { histories: d.histories, ease });
    return model;
  };
  const recipes: BlendRecipe[] = [
    trendingPopularityRecipe(),
    ...baselineRecipes().filter((r) => r.name === 'RepeatPurchase'),
    ...config.models.map((name) => ({ name, fit: fixed(models[name]!), normalisation: 'zscore' as const })),
    ...(itemItemParams ? [{ name: 'ItemItem', fit: fitItemItem, normalisation: 'zscore' as const }] : []),
  ];
  const validationFits = new Map<string, Scorer>();
  const blend = await timed('fit blend weights on the validation split', () =>
    fitBlend(split, recipes, {
      protocol,
      items: dataset.items,
      log: (m) => progress.log(m),
      onValidationFit: (name, scorer) => validationFits.set(name, scorer),
    }),
  );
  const trainData: TrainingData = { numItems: n, histories: split.train, items: dataset.items };

  // 3a. The learned ranker, on the validation baskets, from the same validation-fitted sources (before the refit
  //     below replaces the first fit of the TF models). It must beat the linear blend there to be kept.
  const rankerConfig = config.ranker === false ? null : config.ranker;
  const rankerFit = rankerConfig
    ? await timed('fit the learned ranker on the validation baskets', () =>
        fitRankerOnValidation(
          val,
          dataset.items,
          rankerSources(validationFits),
          rankerAlternatives(recipes, blend.weights, validationFits),
          rankerConfig,
          protocol,
          (m) => progress.log(m),
        ),
      )
    : null;

  // 3b. Refit: with the weights fixed, each TF model is fitted again on the whole training data, the validation
  //     baskets included. Those baskets are every user's most recent known behaviour, which the first fit never
  //     saw; the refitted models are the ones evaluated and served. 'full' retrains from scratch for the epochs
  //     early stopping chose (no validation carve-out: the epoch count is already known); a number continues
  //     from the first fit's weights for that many epochs.
  if (config.refit !== 'none') {
    for (const name of config.models) {
      const first = models[name]!;
      const warm = typeof config.refit === 'number';
      const epochs = warm ? (config.refit as number) : Math.max(1, first.training?.bestEpoch ?? 1);
      const hp = { ...config[name], maxEpochs: epochs, validationFraction: 0 };
      const how = warm ? `${epochs} more epochs` : `from scratch, ${epochs} epochs`;
      models[name] = await timed(`refit ${name} model on the training data (${how})`, () =>
        trainModel(name, trainData, hp, config, progress, lossCurves, `${name} (refit)`, warm ? first : undefined),
      );
      progress.modelDone(`${name} (refit)`);
      first.dispose();
    }
  }
  const served = new BlendScorer(
    blend.scorer.components.map((c) => ({ ...c, scorer: models[c.name as ModelName] ?? c.scorer })),
  );

  // 4. Evaluation on the held-out last baskets: the served blend, each source alone, the baselines.
  const repeatFitted = blend.scorer.components.find((c) => c.name === 'RepeatPurchase')?.scorer as
    RepeatPurchaseScorer | undefined;
  const repeatParams = repeatFitted?.state.params ?? DEFAULT_REPEAT_PARAMS;
  const popularityHalfLife =
    (blend.scorer.components.find((c) => c.name === 'Popularity')?.scorer as PopularityScorer | undefined)
      ?.halfLifeDays ?? (await PopularityScorer.fitOnValidation(val, trainData, { protocol })).halfLifeDays;
  // The artifact carries the item-to-item table whenever it is configured (an operator may weight it even when the
  // fitted blend does not), fitted on the training data as evaluated.
  const itemItem = itemItemParams
    ? ((blend.scorer.components.find((c) => c.name === 'ItemItem')?.scorer as ItemItemModel | undefined) ??
      (await timed('fit the item-to-item table on the training data', () => fitItemItem(trainData))))
    : undefined;
  // Its dense EASE on the same data is the EASE baseline when the parameters agree: no second fit.
  const easeLambda = (config.ease as { lambda?: number }).lambda;
  const easeBaseline =
    lastEase.histories === split.train &&
    itemItemParams?.lambda === (easeLambda ?? DEFAULT_EASE_OPTIONS.lambda) &&
    itemItemParams.maxItems === DEFAULT_EASE_OPTIONS.maxItems
      ? lastEase.ease
      : undefined;
  const tunedBaselines = await timed('tune baselines on the validation split', () =>
    tuneBaselines(split, baselineKinds(config.baselines), {
      protocol,
      ease: easeBaseline,
      log: (m) => progress.log(`baseline ${m}`),
    }),
  );
  const results = await timed('evaluate served blend, models and baselines on the test baskets', () =>
    evaluateSuite(
      split,
      protocol,
      {
        served,
        sources: [
          ...config.models.map((m) => models[m]!),
          ...(itemItem ? [itemItem] : []),
          repeatFitted ?? RepeatPurchaseScorer.fit(trainData, repeatParams),
        ],
        baselines: config.baselines,
        easeLambda,
        ease: easeBaseline,
        tuned: tunedBaselines,
      },
      (name) => progress.log(`evaluated ${name}`),
    ),
  );
  // The ranker heads replace the linear blend where training kept them; the linear blend stays in the report.
  const rankerEvaluation = rankerFit?.ranker
    ? await timed('evaluate the learned ranker on the test baskets', () =>
        evaluateRanker(
          rankerFit.ranker!,
          split,
          histories,
          dataset.items,
          rankerSources(
            new Map<string, Scorer>([
              ['Popularity', PopularityScorer.fit(trainData, { halfLifeDays: popularityHalfLife })],
              ['RepeatPurchase', repeatFitted ?? RepeatPurchaseScorer.fit(trainData, repeatParams)],
              ...config.models.map((m) => [m, models[m]!] as const),
              ...(itemItem ? [['ItemItem', itemItem] as const] : []),
            ]),
          ),
          protocol,
        ),
      )
    : null;
  rankerFit?.ranker?.dispose();
  if (rankerEvaluation) {
    const linear = results[0].result;
    results.splice(
      0,
      1,
      { kind: 'served', result: servedResult(linear, rankerEvaluation.results, SERVED_SCORER_NAME) },
      { kind: 'model', result: { ...linear, scorer: LINEAR_BLEND_NAME } },
      ...rankerEvaluation.results.map((h) => ({ kind: 'model' as const, result: h.result })),
    );
  }
  const primary = primaryMetricValue(results[0].result);

  // 5. The artifact: cheap statistics (popularity, repeat-purchase item statistics) refitted on all
  //    data with the fitted parameters; TF weights and the item-to-item table as evaluated.
  const version = newVersionId();
  const artifactDir = resolve(config.modelsDir, version);
  const allData: TrainingData = { numItems: n, histories, items: dataset.items };
  const blendSpec: BlendSourceSpec[] = recipes.map((r) => ({
    name: SOURCE_OF_RECIPE[r.name],
    weight: blend.weights[r.name] ?? 0,
    normalisation: r.normalisation ?? 'zscore',
  }));
  const hyperParameters: Record<string, unknown> = {
    ...Object.fromEntries(config.models.map((m) => [m, (models[m] as { hyperParams: unknown }).hyperParams])),
    repeat: repeatParams,
    // JSON has no Infinity: null means plain all-time counts
    popularity: { halfLifeDays: Number.isFinite(popularityHalfLife) ? popularityHalfLife : null },
    refit: config.refit,
    ...(itemItem ? { itemItem: itemItem.params } : {}),
    ...(rankerFit ? { ranker: { ...rankerFit.params, verdicts: rankerFit.verdicts } } : {}),
    ease: config.ease,
    // chosen on the validation split per setting; the baselines are evaluated, never served
    baselines: Object.fromEntries(
      tunedBaselines.map((t) => [t.kind, { params: t.params, validationScore: t.validationScore }]),
    ),
    blend: {
      objective: blend.objective,
      validationScore: blend.validationScore,
      validationUsers: blend.validationUsers,
    },
  };
  const manifest: BundleManifest = {
    formatVersion: BUNDLE_FORMAT_VERSION,
    version,
    createdAt: new Date().toISOString(),
    codeVersion: codeVersion(),
    backend,
    modelTypes: [
      ...config.models,
      'repeat',
      'popularity',
      ...(itemItem ? (['item-item'] as const) : []),
      ...(rankerEvaluation ? (['ranker'] as const) : []),
    ],
    hyperParameters,
    dataWindow,
    itemIds: dataset.itemIds,
    protocol,
    evaluation: results.map(({ kind, result }) => toEvaluationRow(kind, result)),
    primaryMetric: { name: protocol.primaryMetric, value: primary },
    blend: blendSpec,
    ...(rankerFit
      ? {
          ranker: {
            heads: rankerEvaluation ? rankerEvaluation.results.map((r) => r.head) : [],
            verdicts: rankerFit.verdicts.map((v) => ({ head: v.head, kept: v.kept, reason: v.reason })),
          },
        }
      : {}),
    seed: config.seed,
    trainingSeconds: 0,
  };
  const bundle: ModelBundle = {
    manifest,
    models,
    repeat: RepeatPurchaseScorer.fit(allData, repeatParams),
    popularity: PopularityScorer.fit(allData, { halfLifeDays: popularityHalfLife }),
    ...(itemItem ? { itemItem } : {}),
    ...(rankerEvaluation ? { ranker: rankerEvaluation.served } : {}),
  };
  manifest.trainingSeconds = (performance.now() - started) / 1000;
  const registry = new ModelVersionRepository(dataSource);
  const active = await registry.findActive();
  const activation = decideActivation(
    config.activate,
    protocol.primaryMetric,
    primary,
    active && {
      id: active.id,
      metric: (active.metrics as { primaryMetric?: string }).primaryMetric ?? null,
      value: active.primaryMetric,
    },
  );
  const report: TrainingReport = {
    version,
    createdAt: manifest.createdAt,
    codeVersion: manifest.codeVersion,
    dataWindow,
    results,
    lossCurves,
    timings,
    hyperParameters,
    blendWeights: Object.fromEntries(blendSpec.map((b) => [b.name, b.weight])),
    activation: { activated: activation.activate, reason: activation.reason },
  };
  await timed('write artifact and report', async () => {
    await mkdir(artifactDir, { recursive: true });
    await writeFile(join(artifactDir, 'report.json'), JSON.stringify(report, null, 1));
    await writeFile(join(artifactDir, 'report.md'), renderReportMarkdown(report));
    await writeFile(join(artifactDir, 'report.html'), await renderReportHtml(report));
    await saveBundle(artifactDir, bundle);
  });
  await timed('register version', async () => {
    await registry.register({
      id: version,
      artifactPath: artifactDir,
      manifest: { ...manifest, itemIds: undefined, itemCount: n },
      metrics: { primaryMetric: protocol.primaryMetric, evaluation: manifest.evaluation },
      primaryMetric: primary,
    });
    if (activation.activate) await registry.activate(version);
  });
  disposeBundle(bundle);
  // Segments follow the same data (docs/segments.md). The model is registered by now, so a
  // failure here is reported, not fatal: single-user refreshes keep working on the previous run.
  const segments = await timed('recompute customer segments', async () => {
    try {
      const service = new SegmentsService(new SegmentsRepository(dataSource), options.segmentConfig ?? loadAppConfig());
      const summary = await service.recomputeAll();
      progress.log(`segments recomputed for ${summary.users} customers`);
      return summary;
    } catch (e) {
      progress.log(`segments not recomputed: ${(e as Error).message}`);
      return null;
    }
  });
  await timed('predict customer value', () => runCustomerValueStage(dataSource, artifactDir, progress));
  return { version, artifactDir, manifest, report, activation, segments };
}

async function trainModel(
  name: ModelName,
  data: TrainingData,
  hp: Record<string, unknown>,
  config: TrainConfig,
  progress: TrainProgress,
  lossCurves: { model: string; losses: number[] }[],
  label: string = name,
  warmStart?: TrainedModel,
): Promise<TrainedModel> {
  const losses: number[] = [];
  lossCurves.push({ model: label, losses });
  const maxEpochs = typeof hp.maxEpochs === 'number' ? hp.maxEpochs : defaultMaxEpochs(name, data.numItems);
  const options = {
    seed: config.seed,
    onEpoch: (epoch: number, loss: number, r: { validation?: number }) => {
      losses.push(loss);
      progress.epoch(label, epoch, maxEpochs, loss, r.validation);
    },
  };
  switch (name) {
    case 'collaborative':
      return CollaborativeModel.train(data, hp, { ...options, warmStart: warmStart as CollaborativeModel | undefined });
    case 'content':
      return ContentModel.train(data, hp, { ...options, warmStart: warmStart as ContentModel | undefined });
    case 'sequence':
      return SequenceModel.train(data, hp, { ...options, warmStart: warmStart as SequenceModel | undefined });
  }
}

function defaultMaxEpochs(name: ModelName, numItems: number): number {
  // Only for the progress bar's length: the models own their defaults.
  return (
    name === 'collaborative'
      ? defaultCollaborativeHyperParams(numItems)
      : name === 'content'
        ? defaultContentHyperParams(numItems)
        : defaultSequenceHyperParams(numItems)
  ).maxEpochs;
}

function toEvaluationRow(kind: ScorerKind, r: EvaluationResult): EvaluationRow {
  return {
    scorer: r.scorer,
    kind,
    settings: Object.fromEntries(r.settings.map((s) => [s.setting, { users: s.users, metrics: s.metrics }])),
  };
}

/** Sortable, unique: v20261123-041005-3fa2. */
export function newVersionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `v${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Math.min/max over huge arrays overflow the call stack: reduce instead. */
function sample(values: number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
