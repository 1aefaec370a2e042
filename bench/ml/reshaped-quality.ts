// The learned ranker on Online Retail reshaped three ways (reshape-histories.ts), each beside the baselines on the
// same split: does training adapt to data of another shape, and does it fall back where the ranker cannot win?
// The pipeline is the training job's without the TF.js models (their training would take most of the bench):
// popularity, repeat purchase and the item-to-item table, a linear blend fitted on validation, the ranker over them.
import { BASELINE_KINDS, evaluateTunedBaseline, tuneBaselines } from '../../src/ml/baselines/tuned-baselines.js';
import { baselineRecipes, trendingPopularityRecipe } from '../../src/ml/blend/baseline-recipes.js';
import { fitBlend, type BlendRecipe } from '../../src/ml/blend/fit-blend.js';
import { splitLastBasket, validationSplit } from '../../src/ml/data/holdout-split.js';
import type { ItemFeatures, UserHistory } from '../../src/ml/dataset.js';
import { evaluate, type EvaluationResult } from '../../src/ml/evaluation/evaluate.js';
import { DEFAULT_PROTOCOL } from '../../src/ml/evaluation/evaluation-protocol.js';
import { ItemItemModel } from '../../src/ml/models/item-item-model.js';
import { fitRanker, type HeadVerdict } from '../../src/ml/ranking/fit-ranker.js';
import { ItemStatistics } from '../../src/ml/ranking/item-statistics.js';
import { rankerAlternatives, rankerSources } from '../../src/ml/ranking/blend-recipe-sources.js';
import { evaluateRankerHeads } from '../../src/ml/ranking/evaluate-ranker.js';
import { servedResult } from '../../src/ml/ranking/served-result.js';
import type { Scorer } from '../../src/ml/scorer.js';

export interface ReshapedCase {
  name: string;
  histories: UserHistory[];
  items: ItemFeatures[];
}

export interface ReshapedResult {
  name: string;
  testUsers: number;
  served: EvaluationResult;
  linear: EvaluationResult;
  baselines: EvaluationResult[];
  verdicts: HeadVerdict[];
  seconds: number;
}

export async function runReshapedCase(c: ReshapedCase, log: (m: string) => void = () => undefined) {
  const started = performance.now();
  const n = c.items.length;
  const split = splitLastBasket(c.histories, n);
  const val = validationSplit(split);
  const recipes: BlendRecipe[] = [
    trendingPopularityRecipe(),
    ...baselineRecipes().filter((r) => r.name === 'RepeatPurchase'),
    { name: 'ItemItem', fit: async (d) => (await ItemItemModel.fit(d)).model, normalisation: 'zscore' },
  ];
  const onValidation = new Map<string, Scorer>();
  const blend = await fitBlend(split, recipes, {
    items: c.items,
    onValidationFit: (name, scorer) => onValidation.set(name, scorer),
  });
  const fit = await fitRanker(
    val.test,
    rankerSources(onValidation),
    ItemStatistics.fit(val.train, n, c.items),
    rankerAlternatives(recipes, blend.weights, onValidation),
    { log: (m) => log(`${c.name}: ${m}`) },
  );
  const linear = await evaluate(blend.scorer, split);
  const heads: { head: 'all' | 'new'; result: EvaluationResult }[] = [];
  const train = { numItems: n, histories: split.train };
  if (fit.ranker) {
    // The blend keeps only sources it weighs; the ranker reads every source it was trained with.
    const onTrain = new Map<string, Scorer>(blend.scorer.components.map((x) => [x.name, x.scorer]));
    for (const r of recipes) if (!onTrain.has(r.name)) onTrain.set(r.name, await r.fit({ ...train, items: c.items }));
    heads.push(...(await evaluateRankerHeads(fit.ranker, split, c.items, rankerSources(onTrain))));
    fit.ranker.dispose();
  }
  // Every baseline tuned on this case's validation split, as the training report tunes them.
  const baselines: EvaluationResult[] = [];
  for (const tuned of await tuneBaselines(split, BASELINE_KINDS, { protocol: DEFAULT_PROTOCOL }))
    baselines.push(await evaluateTunedBaseline(tuned, split, DEFAULT_PROTOCOL));
  return {
    name: c.name,
    testUsers: split.test.length,
    served: servedResult(linear, heads, 'Tailor (served)'),
    linear,
    baselines,
    verdicts: fit.verdicts,
    seconds: (performance.now() - started) / 1000,
  } satisfies ReshapedResult;
}
