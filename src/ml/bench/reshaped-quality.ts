// The learned ranker on Online Retail reshaped three ways (reshape-histories.ts), each beside the baselines on the
// same split: does training adapt to data of another shape, and does it fall back where the ranker cannot win?
// The pipeline is the training job's without the TF.js models (their training would take most of the bench):
// popularity, repeat purchase and the item-to-item table, a linear blend fitted on validation, the ranker over them.
import { EaseScorer } from '../baselines/ease-scorer.js';
import { PopularityScorer } from '../baselines/popularity-scorer.js';
import { RepeatFrequencyScorer } from '../baselines/repeat-frequency-scorer.js';
import { baselineRecipes, trendingPopularityRecipe } from '../blend/baseline-recipes.js';
import { fitBlend, type BlendRecipe } from '../blend/fit-blend.js';
import { splitLastBasket, validationSplit } from '../data/holdout-split.js';
import type { ItemFeatures, UserHistory } from '../dataset.js';
import { evaluate, type EvaluationResult } from '../evaluation/evaluate.js';
import { ItemItemModel } from '../models/item-item-model.js';
import { fitRanker, type HeadVerdict } from '../ranking/fit-ranker.js';
import { ItemStatistics } from '../ranking/item-statistics.js';
import { LearnedRanker } from '../ranking/learned-ranker.js';
import { RankerScorer } from '../ranking/ranker-scorer.js';
import { servedResult } from '../ranking/served-result.js';
import { latestBasketScorer, type SourceScorers } from '../ranking/source-scorers.js';
import type { Scorer } from '../scorer.js';

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

const SOURCE_OF: Record<string, keyof SourceScorers> = {
  Popularity: 'popularity',
  RepeatPurchase: 'repeat',
  ItemItem: 'item-item',
};

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
  const sourcesOf = (byRecipe: ReadonlyMap<string, Scorer>): SourceScorers => {
    const out: SourceScorers = {};
    for (const [recipe, scorer] of byRecipe) if (SOURCE_OF[recipe]) out[SOURCE_OF[recipe]] = scorer;
    if (out['item-item']) out['item-item-latest'] = latestBasketScorer(out['item-item'], 'item-item (latest)');
    return out;
  };
  const fit = await fitRanker(
    val.test,
    sourcesOf(onValidation),
    ItemStatistics.fit(val.train, n, c.items),
    [...onValidation.values()],
    { log: (m) => log(`${c.name}: ${m}`) },
  );
  const linear = await evaluate(blend.scorer, split);
  const heads: { head: 'all' | 'new'; result: EvaluationResult }[] = [];
  const train = { numItems: n, histories: split.train };
  if (fit.ranker) {
    const stats = ItemStatistics.fit(split.train, n, c.items);
    const ranker = new LearnedRanker(fit.ranker.heads, fit.ranker.pool, stats);
    // The blend keeps only sources it weighs; the ranker reads every source it was trained with.
    const onTrain = new Map<string, Scorer>(blend.scorer.components.map((x) => [x.name, x.scorer]));
    for (const r of recipes) if (!onTrain.has(r.name)) onTrain.set(r.name, await r.fit({ ...train, items: c.items }));
    const testSources = sourcesOf(onTrain);
    for (const head of ['all', 'new'] as const)
      if (ranker.has(head))
        heads.push({ head, result: await evaluate(new RankerScorer(ranker, head, testSources, stats.endMs), split) });
    ranker.dispose();
    fit.ranker.dispose();
  }
  const baselines = [
    await evaluate(PopularityScorer.fit(train), split),
    await evaluate(new RepeatFrequencyScorer(n), split),
    await evaluate(await EaseScorer.fit(train), split),
  ];
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
