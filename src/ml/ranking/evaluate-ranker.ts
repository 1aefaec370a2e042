import type { HoldoutSplit } from '../data/holdout-split.js';
import type { ItemFeatures } from '../dataset.js';
import { evaluate, type EvaluationResult } from '../evaluation/evaluate.js';
import type { EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import { ItemStatistics } from './item-statistics.js';
import { LearnedRanker, RANKER_HEADS, type RankerHead } from './learned-ranker.js';
import { RankerScorer } from './ranker-scorer.js';
import type { SourceScorers } from './source-scorers.js';

/**
 * Each head of a fitted ranker on a split's test baskets, as `Ranker (<head>)`: item statistics refitted on the
 * split's training histories, the sources as given (fitted on the same histories).
 */
export async function evaluateRankerHeads(
  fitted: LearnedRanker,
  split: HoldoutSplit,
  items: readonly ItemFeatures[],
  sources: SourceScorers,
  protocol?: EvaluationProtocol,
): Promise<{ head: RankerHead; result: EvaluationResult }[]> {
  const stats = ItemStatistics.fit(split.train, split.numItems, items);
  const ranker = new LearnedRanker(fitted.heads, fitted.pool, stats);
  const results: { head: RankerHead; result: EvaluationResult }[] = [];
  try {
    for (const head of RANKER_HEADS) {
      if (!ranker.has(head)) continue;
      const scorer = new RankerScorer(ranker, head, sources, stats.endMs);
      results.push({ head, result: await evaluate(scorer, split, protocol) });
    }
  } finally {
    ranker.dispose();
  }
  return results;
}
