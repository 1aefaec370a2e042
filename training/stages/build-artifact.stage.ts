// Stage "build artifact": the manifest and the bundle to save. Cheap statistics (popularity, repeat-purchase item
// statistics) are refitted on all the data with the parameters validation chose; the TF weights, the item-to-item
// table and the ranker heads are the ones evaluated.
import type { TrainingSampleSummary } from '../../src/ml/report/training-scale.js';
import { randomBytes } from 'node:crypto';
import type { BaselineKind, TunedBaseline } from '../../src/ml/baselines/tuned-baselines.js';
import { PopularityScorer } from '../../src/ml/baselines/popularity-scorer.js';
import type { BlendRecipe, FittedBlend } from '../../src/ml/blend/fit-blend.js';
import { SOURCE_OF_RECIPE } from '../../src/ml/blend/recipe-sources.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { EvaluationResult } from '../../src/ml/evaluation/evaluate.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import {
  BUNDLE_FORMAT_VERSION,
  type BlendSourceSpec,
  type BundleManifest,
  type EvaluationRow,
  type ModelBundle,
} from '../../src/ml/artifact/model-bundle.js';
import { RepeatPurchaseScorer } from '../../src/ml/models/repeat-purchase-scorer.js';
import type { FitRankerResult } from '../../src/ml/ranking/fit-ranker.js';
import type { ScorerKind } from '../../src/ml/report/training-report.js';
import { codeVersion } from '../code-version.js';
import type { TrainConfig } from '../train-config.js';
import type { Evaluation } from './evaluate.stage.js';
import type { SourceModels } from './fit-sources.stage.js';
import type { DataWindowSummary } from './split-data.stage.js';
import type { TrainingStatistics } from './training-statistics.stage.js';

export interface ArtifactInput {
  config: Pick<TrainConfig, 'models' | 'refit' | 'ease' | 'seed'>;
  protocol: EvaluationProtocol;
  /** The TF.js backend the models were trained on. */
  backend: string;
  dataWindow: DataWindowSummary;
  itemIds: string[];
  /** Every user's whole history: what the served statistics are fitted on. */
  allData: TrainingData;
  recipes: readonly BlendRecipe[];
  blend: FittedBlend;
  models: SourceModels;
  statistics: TrainingStatistics;
  ranker: FitRankerResult | null;
  evaluation: Evaluation;
  /** Which customers training read. */
  sample?: TrainingSampleSummary;
}

/** The blend as the manifest stores it: every recipe by its served source name, weight 0 where the fit dropped it. */
export function blendSpecOf(recipes: readonly BlendRecipe[], weights: Record<string, number>): BlendSourceSpec[] {
  return recipes.map((r) => ({
    name: SOURCE_OF_RECIPE[r.name],
    weight: weights[r.name] ?? 0,
    normalisation: r.normalisation ?? 'zscore',
  }));
}

export function hyperParametersOf(input: ArtifactInput): Record<string, unknown> {
  const { config, statistics, ranker, blend } = input;
  const halfLife = statistics.popularityHalfLifeDays;
  return {
    ...Object.fromEntries(config.models.map((m) => [m, (input.models[m] as { hyperParams: unknown }).hyperParams])),
    repeat: statistics.repeatParams,
    // JSON has no Infinity: null means plain all-time counts
    popularity: { halfLifeDays: Number.isFinite(halfLife) ? halfLife : null },
    refit: config.refit,
    ...(statistics.itemItem ? { itemItem: statistics.itemItem.params } : {}),
    ...(ranker ? { ranker: { ...ranker.params, verdicts: ranker.verdicts } } : {}),
    ease: config.ease,
    // chosen on the validation split per setting; the baselines are evaluated, never served
    baselines: tunedBaselineParams(input.evaluation.tunedBaselines),
    blend: {
      objective: blend.objective,
      validationScore: blend.validationScore,
      validationUsers: blend.validationUsers,
    },
    ...(input.sample ? { sample: input.sample } : {}),
  };
}

function tunedBaselineParams(tuned: readonly TunedBaseline[]): Partial<Record<BaselineKind, unknown>> {
  return Object.fromEntries(tuned.map((t) => [t.kind, { params: t.params, validationScore: t.validationScore }]));
}

export function buildManifest(
  input: ArtifactInput,
  identity: { version: string; createdAt: string; trainingSeconds: number },
): BundleManifest {
  const { config, protocol, statistics, ranker, evaluation } = input;
  return {
    formatVersion: BUNDLE_FORMAT_VERSION,
    version: identity.version,
    createdAt: identity.createdAt,
    codeVersion: codeVersion(),
    backend: input.backend,
    modelTypes: [
      ...config.models,
      'repeat',
      'popularity',
      ...(statistics.itemItem ? (['item-item'] as const) : []),
      ...(evaluation.ranker ? (['ranker'] as const) : []),
    ],
    hyperParameters: hyperParametersOf(input),
    dataWindow: input.dataWindow,
    itemIds: input.itemIds,
    protocol,
    evaluation: evaluation.rows.map(({ kind, result }) => toEvaluationRow(kind, result)),
    primaryMetric: { name: protocol.primaryMetric, value: evaluation.primary },
    blend: blendSpecOf(input.recipes, input.blend.weights),
    ...(ranker
      ? {
          ranker: {
            heads: evaluation.ranker ? evaluation.ranker.results.map((r) => r.head) : [],
            verdicts: ranker.verdicts.map((v) => ({ head: v.head, kept: v.kept, reason: v.reason })),
          },
        }
      : {}),
    seed: config.seed,
    trainingSeconds: identity.trainingSeconds,
  };
}

/** The scorers the bundle serves, without its manifest. */
export function servedScorers(input: ArtifactInput): Omit<ModelBundle, 'manifest'> {
  const { statistics, allData } = input;
  return {
    models: input.models,
    repeat: RepeatPurchaseScorer.fit(allData, statistics.repeatParams),
    popularity: PopularityScorer.fit(allData, { halfLifeDays: statistics.popularityHalfLifeDays }),
    ...(statistics.itemItem ? { itemItem: statistics.itemItem } : {}),
    ...(input.evaluation.ranker ? { ranker: input.evaluation.ranker.served } : {}),
  };
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
