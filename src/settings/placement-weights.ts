// Blend weights per placement: which sources feed a placement and how much each counts. Pure data and
// validation; the settings service stores operator overrides in PostgreSQL.
import type { Normalisation } from '../ml/blend/score-normalisation.js';
import type { BlendSourceSpec } from '../ml/artifact/model-bundle.js';
import type { PlacementName } from '../placements/placement.js';
import { parsePlacementJson } from '../config/placement-json.js';

/** Largest weight a source may get (weights are relative: only their ratios matter). */
export const MAX_WEIGHT = 1000;

/** source name → weight (0 = off). */
export type PlacementWeights = Record<string, number>;

/** Sources each placement may use (names of the candidate-source registry and of the artifact's blend). */
export const PLACEMENT_SOURCES: Record<PlacementName, readonly string[]> = {
  HOME: ['ranker', 'collaborative', 'content', 'sequence', 'item-item', 'repeat', 'popularity', 'trending', 'popular'],
  PRODUCT: ['co-purchase', 'item-item', 'collaborative', 'content', 'sequence'],
  CART: ['sequence', 'co-purchase', 'item-item', 'content'],
  BUY_AGAIN: ['repeat'],
};

/**
 * Built-in defaults (PLACEMENT_WEIGHTS may override them; operator settings override both). HOME has none:
 * its default is the served artifact's (`servedBlend`): the learned ranker when training kept it, else the linear
 * blend fitted on the validation split. PRODUCT and CART are the best of the weight sets bench/serving-quality.ts
 * compares on Online Retail's held-out baskets (see serving.md); BUY_AGAIN has one source.
 */
export const BUILT_IN_WEIGHTS: Record<PlacementName, PlacementWeights | null> = {
  HOME: null,
  PRODUCT: { 'co-purchase': 1, 'item-item': 1, collaborative: 0.6, content: 0.4 },
  CART: { sequence: 1, 'co-purchase': 1.5 },
  BUY_AGAIN: { repeat: 1 },
};

/** Where a placement's weights came from. */
export type WeightsOrigin = 'operator' | 'config' | 'model' | 'built-in';

export interface ResolvedWeights {
  weights: PlacementWeights;
  origin: WeightsOrigin;
}

/** Validates an operator's or config's weights for a placement; returns them cleaned (throws with a message). */
export function validateWeights(placement: PlacementName, weights: PlacementWeights): PlacementWeights {
  const allowed = PLACEMENT_SOURCES[placement];
  const out: PlacementWeights = {};
  for (const [source, w] of Object.entries(weights)) {
    if (!allowed.includes(source)) {
      throw new Error(`${placement} has no source "${source}" (allowed: ${allowed.join(', ')})`);
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > MAX_WEIGHT) {
      throw new Error(`weight of ${placement}.${source} must be a number between 0 and ${MAX_WEIGHT}`);
    }
    out[source] = w;
  }
  if (!Object.values(out).some((w) => w > 0))
    throw new Error(`${placement} needs at least one source with a weight above 0`);
  return out;
}

/** Parses PLACEMENT_WEIGHTS (JSON object placement → weights); throws naming the problem. */
export function parseConfiguredWeights(json: string | undefined): Partial<Record<PlacementName, PlacementWeights>> {
  return parsePlacementJson('PLACEMENT_WEIGHTS', json, (placement, weights) =>
    validateWeights(placement, weights as PlacementWeights),
  );
}

/** The weights that apply: operator > config > the artifact's fitted blend (HOME) > built-in. */
export function resolveWeights(
  placement: PlacementName,
  operator: PlacementWeights | null,
  configured: PlacementWeights | undefined,
  modelBlend: readonly BlendSourceSpec[] | null,
): ResolvedWeights {
  if (operator) return { weights: operator, origin: 'operator' };
  if (configured) return { weights: configured, origin: 'config' };
  if (placement === 'HOME' && modelBlend) {
    return { weights: Object.fromEntries(modelBlend.map((b) => [b.name, b.weight])), origin: 'model' };
  }
  return { weights: BUILT_IN_WEIGHTS[placement] ?? { popular: 1, trending: 0.9 }, origin: 'built-in' };
}

/** Normalisation of a dense source: the artifact's (as fitted) when it has the source, else z-score. */
export function normalisationOf(source: string, modelBlend: readonly BlendSourceSpec[] | null): Normalisation {
  return modelBlend?.find((b) => b.name === source)?.normalisation ?? 'zscore';
}
