import type { HoldoutSplit } from '../data/holdout-split.js';
import { validationSplit } from '../data/holdout-split.js';
import type { ScorerFactory, TrainingData } from '../data/training-data.js';
import { seededPermutation } from '../evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, parsePrimaryMetric, type EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import type { Scorer } from '../scorer.js';
import { BlendScorer } from './blend-scorer.js';
import { fitBlendWeights, type FitWeightsOptions } from './fit-blend-weights.js';
import { normaliseRow, type Normalisation } from './score-normalisation.js';

/** A blend source as a recipe: how to fit it, so it can be fitted on validation and on full training data. */
export interface BlendRecipe {
  name: string;
  fit: ScorerFactory;
  normalisation?: Normalisation;
  /** A source that scores the user's own past items (buy-again); see FitBlendOptions.strategy. */
  repeatSource?: boolean;
}

export interface FitBlendOptions {
  protocol?: EvaluationProtocol;
  /** Objective; default the protocol's primary metric (e.g. 'ndcg@10:all'). */
  objective?: string;
  /** Validation users used for the weight search (seeded sample; default 2000). */
  maxValidationUsers?: number;
  items?: TrainingData['items'];
  grid?: FitWeightsOptions['grid'];
  /**
   * 'two-stage' (default when a repeat source is present and the objective is on 'all'): first fit
   * the discovery sources on the 'new' setting (own items masked, where repeat sources carry no
   * signal), then fit only the repeat sources' weights on the objective, holding the discovery mix.
   * One weight set then serves both placements well. 'joint': one coordinate search on the objective.
   */
  strategy?: 'two-stage' | 'joint';
  log?: (message: string) => void;
  /** Called with each recipe's scorer as fitted on the validation training data (e.g. to reuse it there). */
  onValidationFit?: (recipe: string, scorer: Scorer) => void;
}

export interface FittedBlend {
  scorer: BlendScorer;
  weights: Record<string, number>;
  objective: string;
  validationScore: number;
  /** Validation objective of each source alone. */
  singleSource: Record<string, number>;
  validationUsers: number;
}

/** Repeat weights relative to the discovery mix: geometric, since repeat scores dominate quickly. */
const REPEAT_WEIGHT_GRID = [0, 0.125, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 32, 64];

/**
 * Fits a blend without touching the test baskets: every recipe is fitted on the validation
 * training data (each user's second-to-last basket held out), weights are searched on the
 * validation baskets, then every recipe is refitted on the full training data with those weights.
 */
export async function fitBlend(
  split: HoldoutSplit,
  recipes: BlendRecipe[],
  options: FitBlendOptions = {},
): Promise<FittedBlend> {
  const protocol = options.protocol ?? DEFAULT_PROTOCOL;
  const objective = options.objective ?? protocol.primaryMetric;
  const { metric, setting } = parsePrimaryMetric(objective);
  const log = options.log ?? (() => undefined);
  const val = validationSplit(split, { minBaskets: protocol.minBaskets });
  const n = split.numItems;
  const maxUsers = options.maxValidationUsers ?? 2000;
  let cases = val.test.filter((c) => c.history.baskets.length > 0);
  if (cases.length > maxUsers) {
    const perm = seededPermutation(cases.length, protocol.seed);
    const keep = new Set(perm.subarray(0, maxUsers));
    cases = cases.filter((_, i) => keep.has(i));
  }
  const valData: TrainingData = { numItems: n, histories: val.train, items: options.items };
  const normalised: Float32Array[] = [];
  for (const recipe of recipes) {
    const started = performance.now();
    const scorer = await recipe.fit(valData);
    options.onValidationFit?.(recipe.name, scorer);
    const m = new Float32Array(cases.length * n);
    for (let start = 0; start < cases.length; start += 256) {
      const batch = cases.slice(start, start + 256);
      const scores = await scorer.scoreUsers(batch.map((c) => c.history));
      batch.forEach((_, r) =>
        normaliseRow(
          scores.subarray(r * n, r * n + n),
          recipe.normalisation ?? 'zscore',
          m.subarray((start + r) * n, (start + r + 1) * n),
        ),
      );
    }
    normalised.push(m);
    log(
      `blend: ${recipe.name} fitted and scored on validation in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const repeat = recipes.map((r) => r.repeatSource === true);
  const twoStage =
    (options.strategy ?? 'two-stage') === 'two-stage' &&
    setting === 'all' &&
    repeat.some(Boolean) &&
    repeat.some((r) => !r);
  let fitted;
  if (twoStage) {
    const discovery = fitBlendWeights(normalised, cases, n, {
      metric,
      setting: 'new',
      grid: options.grid,
      seed: protocol.seed,
      start: recipes.map((_, i) => (i === repeat.indexOf(false) ? 1 : 0)),
      free: repeat.map((r) => !r),
    });
    log(`blend: discovery mix on ${metric.id}:new ${discovery.weights.join(', ')} → ${discovery.score.toFixed(4)}`);
    fitted = fitBlendWeights(normalised, cases, n, {
      metric,
      setting,
      // relative to the discovery mix's total weight, so the grid is scale-free
      grid: REPEAT_WEIGHT_GRID.map((g) => g * discovery.weights.reduce((a, b) => a + b, 0)),
      seed: protocol.seed,
      start: discovery.weights,
      free: repeat,
    });
    fitted.evaluations += discovery.evaluations;
  } else {
    fitted = fitBlendWeights(normalised, cases, n, { metric, setting, grid: options.grid, seed: protocol.seed });
  }
  log(
    `blend: weights ${recipes.map((r, i) => `${r.name}=${fitted.weights[i]}`).join(', ')} → validation ${objective} ${fitted.score.toFixed(4)} (${fitted.evaluations} trials)`,
  );
  normalised.length = 0;
  const trainData: TrainingData = { numItems: n, histories: split.train, items: options.items };
  const components = [];
  for (let i = 0; i < recipes.length; i++) {
    if (fitted.weights[i] === 0) continue; // not needed for serving
    components.push({
      name: recipes[i].name,
      weight: fitted.weights[i],
      normalisation: recipes[i].normalisation ?? 'zscore',
      scorer: await recipes[i].fit(trainData),
    });
  }
  return {
    scorer: new BlendScorer(components),
    weights: Object.fromEntries(recipes.map((r, i) => [r.name, fitted.weights[i]])),
    objective,
    validationScore: fitted.score,
    singleSource: Object.fromEntries(recipes.map((r, i) => [r.name, fitted.singleSource[i]])),
    validationUsers: cases.length,
  };
}
