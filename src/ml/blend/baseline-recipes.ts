import { EaseScorer } from '../baselines/ease-scorer.js';
import { ItemKnnScorer } from '../baselines/item-knn-scorer.js';
import { PopularityScorer } from '../baselines/popularity-scorer.js';
import { splitLastBasket } from '../data/holdout-split.js';
import { RepeatPurchaseScorer } from '../models/repeat-purchase-scorer.js';
import type { BlendRecipe } from './fit-blend.js';

/**
 * The blend sources available without TF training: popularity, the repeat-purchase model (its own
 * parameters fitted on a last-basket split of whatever data it is given), item-kNN and EASE.
 * The TF models (collaborative, content, sequence) join as further recipes.
 */
export function baselineRecipes(): BlendRecipe[] {
  return [
    { name: 'Pop', fit: (d) => PopularityScorer.fit(d), normalisation: 'zscore' },
    {
      name: 'RepeatPurchase',
      fit: async (d) =>
        (await RepeatPurchaseScorer.fitOnValidation(splitLastBasket(d.histories, d.numItems), d)).scorer,
      normalisation: 'zscore',
      repeatSource: true,
    },
    { name: 'ItemKNN', fit: (d) => ItemKnnScorer.fit(d), normalisation: 'zscore' },
    { name: 'EASE', fit: (d) => EaseScorer.fit(d), normalisation: 'zscore' },
  ];
}

/**
 * The served popularity source: popularity with a recency half-life picked on a last-basket split of whatever
 * data it is given (PopularityScorer.fitOnValidation; "no decay" is one of the candidates), so it leans to what
 * sells now when that predicts the next basket better than all-time counts.
 */
export function trendingPopularityRecipe(): BlendRecipe {
  return {
    name: 'Popularity',
    fit: async (d) => (await PopularityScorer.fitOnValidation(splitLastBasket(d.histories, d.numItems), d)).scorer,
    normalisation: 'zscore',
  };
}
