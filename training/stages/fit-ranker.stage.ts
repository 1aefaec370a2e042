// Stage "fit ranker": the learned ranker on the validation baskets, from the same validation-fitted sources as the
// blend, before the refit replaces the first fit of the TF models. It must beat the linear blend there to be kept.
import type { HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import type { ItemFeatures } from '../../src/ml/dataset.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import { rankerAlternatives, rankerSources } from '../../src/ml/ranking/blend-recipe-sources.js';
import type { FitRankerResult } from '../../src/ml/ranking/fit-ranker.js';
import { fitRankerOnValidation, type RankerConfig } from '../ranker-stage.js';
import type { FittedServedBlend } from './fit-blend.stage.js';

export function fitLearnedRanker(
  val: HoldoutSplit,
  items: readonly ItemFeatures[],
  blend: FittedServedBlend,
  options: { config: RankerConfig; protocol: EvaluationProtocol; log: (message: string) => void },
): Promise<FitRankerResult> {
  return fitRankerOnValidation(
    val,
    items,
    rankerSources(blend.validationFits),
    rankerAlternatives(blend.recipes, blend.blend.weights, blend.validationFits),
    options.config,
    options.protocol,
    options.log,
  );
}
