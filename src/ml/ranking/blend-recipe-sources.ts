// The blend's fitted scorers (keyed by recipe name) as the learned ranker's sources, and the alternatives the
// ranker has to beat on its guard shoppers: the linear blend as fitted, and each source alone.
import { BlendScorer } from '../blend/blend-scorer.js';
import type { BlendRecipe } from '../blend/fit-blend.js';
import { latestBasketScorer, type SourceScorers } from './source-scorers.js';
import { SCORE_SOURCES, type ScoreSourceName } from './score-sources.js';
import { SOURCE_OF_RECIPE } from '../blend/recipe-sources.js';
import type { Scorer } from '../scorer.js';

export const LINEAR_BLEND_NAME = 'Linear blend';

export function rankerSources(byRecipe: ReadonlyMap<string, Scorer>): SourceScorers {
  const out: SourceScorers = {};
  for (const [recipe, scorer] of byRecipe) {
    const name = SOURCE_OF_RECIPE[recipe] as ScoreSourceName | undefined;
    if (name && SCORE_SOURCES.includes(name)) out[name] = scorer;
  }
  if (out['item-item']) out['item-item-latest'] = latestBasketScorer(out['item-item'], 'item-item (latest basket)');
  return out;
}

export function rankerAlternatives(
  recipes: readonly BlendRecipe[],
  weights: Readonly<Record<string, number>>,
  byRecipe: ReadonlyMap<string, Scorer>,
): Scorer[] {
  const components = recipes
    .filter((r) => (weights[r.name] ?? 0) !== 0 && byRecipe.has(r.name))
    .map((r) => ({
      name: r.name,
      weight: weights[r.name],
      normalisation: r.normalisation ?? ('zscore' as const),
      scorer: byRecipe.get(r.name)!,
    }));
  const blend = components.length ? [new BlendScorer(components, LINEAR_BLEND_NAME)] : [];
  return [...blend, ...byRecipe.values()];
}
