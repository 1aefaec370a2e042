// The training job's learned-ranker stage, in two steps around the models' refit:
//   fitRankerOnValidation — before the refit, while the sources fitted without each user's last two baskets
//     still exist: learn the ranker on the validation baskets (src/ml/ranking/fit-ranker.ts);
//   evaluateRanker — after the refit: score the test baskets with the sources as evaluated (item statistics
//     refitted on the training data), and build the served ranker (item statistics on all data).
import type { HoldoutSplit } from '../src/ml/data/holdout-split.js';
import type { ItemFeatures, UserHistory } from '../src/ml/dataset.js';
import type { EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import { evaluateRankerHeads } from '../src/ml/ranking/evaluate-ranker.js';
import type { EvaluationProtocol } from '../src/ml/evaluation/evaluation-protocol.js';
import { fitRanker, type FitRankerResult } from '../src/ml/ranking/fit-ranker.js';
import { ItemStatistics } from '../src/ml/ranking/item-statistics.js';
import { LearnedRanker, type RankerHead } from '../src/ml/ranking/learned-ranker.js';
import type { RankerNetworkParams } from '../src/ml/ranking/ranker-network.js';
import type { SourceScorers } from '../src/ml/ranking/source-scorers.js';
import type { Scorer } from '../src/ml/scorer.js';
import type { TrainConfig } from './train-config.js';

export type RankerConfig = Exclude<TrainConfig['ranker'], false>;

export async function fitRankerOnValidation(
  val: HoldoutSplit,
  items: readonly ItemFeatures[],
  sources: SourceScorers,
  alternatives: readonly Scorer[],
  config: RankerConfig,
  protocol: EvaluationProtocol,
  log: (message: string) => void,
): Promise<FitRankerResult> {
  const stats = ItemStatistics.fit(val.train, val.numItems, items);
  return fitRanker(val.test, sources, stats, alternatives, {
    pool: config.pool,
    network: { ...(config.network as Partial<RankerNetworkParams>), seed: protocol.seed },
    maxUsers: config.maxUsers,
    guardShare: config.guardShare,
    judgeShare: config.judgeShare,
    negatives: config.negatives,
    keep: config.keep,
    protocol,
    log,
  });
}

export interface EvaluatedRanker {
  /** Test results of each kept head, named `Ranker (<head>)`. */
  results: { head: RankerHead; result: EvaluationResult }[];
  /** The ranker to serve: the learned heads over item statistics of all the data. */
  served: LearnedRanker;
}

export async function evaluateRanker(
  fitted: LearnedRanker,
  split: HoldoutSplit,
  allHistories: readonly UserHistory[],
  items: readonly ItemFeatures[],
  sources: SourceScorers,
  protocol: EvaluationProtocol,
): Promise<EvaluatedRanker> {
  const results = await evaluateRankerHeads(fitted, split, items, sources, protocol);
  const served = new LearnedRanker(fitted.heads, fitted.pool, ItemStatistics.fit(allHistories, split.numItems, items));
  return { results, served };
}
