// Stage "fit blend": the served sources as recipes — popularity with a recency half-life fitted on validation,
// repeat-purchase, the TF models and the item-to-item table (sparse EASE) — and their blend weights fitted on the
// validation baskets (never the test baskets). Item-kNN and dense EASE stay baselines, never served.
import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import { baselineRecipes, trendingPopularityRecipe } from '../../src/ml/blend/baseline-recipes.js';
import { fitBlend, type BlendRecipe, type FittedBlend } from '../../src/ml/blend/fit-blend.js';
import type { HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import type { ItemFeatures } from '../../src/ml/dataset.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import type { Scorer } from '../../src/ml/scorer.js';
import type { ModelName, TrainConfig } from '../train-config.js';
import type { SourceModels } from './fit-sources.stage.js';
import { ItemItemFitter } from './item-item-fitter.js';

export interface BlendRecipes {
  recipes: BlendRecipe[];
  /** Fits the item-to-item table; null when the config turns the table off. */
  itemItem: ItemItemFitter | null;
}

/** The recipes in blend order; the TF models enter as already trained (their fit returns the same weights). */
export function servedBlendRecipes(
  config: Pick<TrainConfig, 'models' | 'itemItem'>,
  models: SourceModels,
): BlendRecipes {
  const itemItem = config.itemItem === false ? null : new ItemItemFitter(config.itemItem);
  const recipes: BlendRecipe[] = [
    trendingPopularityRecipe(),
    ...baselineRecipes().filter((r) => r.name === 'RepeatPurchase'),
    ...config.models.map((name) => trainedRecipe(name, models[name]!)),
    ...(itemItem ? [{ name: 'ItemItem', fit: (d) => itemItem.fit(d), normalisation: 'zscore' } as BlendRecipe] : []),
  ];
  return { recipes, itemItem };
}

function trainedRecipe(name: ModelName, model: TrainedModel): BlendRecipe {
  return { name, fit: () => model, normalisation: 'zscore' };
}

export interface FittedServedBlend extends BlendRecipes {
  blend: FittedBlend;
  /** Each recipe's scorer as fitted on the validation-training data, by recipe name (the ranker learns on them). */
  validationFits: ReadonlyMap<string, Scorer>;
}

export async function fitServedBlend(
  split: HoldoutSplit,
  items: ItemFeatures[],
  sources: BlendRecipes,
  options: {
    protocol: EvaluationProtocol;
    log: (message: string) => void;
    /** Validation users the weight search scores at most (their rows over the catalog bound its memory). */
    maxValidationUsers?: number;
  },
): Promise<FittedServedBlend> {
  const validationFits = new Map<string, Scorer>();
  const blend = await fitBlend(split, sources.recipes, {
    protocol: options.protocol,
    items,
    log: options.log,
    onValidationFit: (name, scorer) => validationFits.set(name, scorer),
    maxValidationUsers: options.maxValidationUsers,
  });
  return { ...sources, blend, validationFits };
}
