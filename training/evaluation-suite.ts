import { EaseScorer } from '../src/ml/baselines/ease-scorer.js';
import { ItemKnnScorer } from '../src/ml/baselines/item-knn-scorer.js';
import { PopularityScorer } from '../src/ml/baselines/popularity-scorer.js';
import { RepeatFrequencyScorer } from '../src/ml/baselines/repeat-frequency-scorer.js';
import type { HoldoutSplit } from '../src/ml/data/holdout-split.js';
import { evaluate, type EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import type { EvaluationProtocol } from '../src/ml/evaluation/evaluation-protocol.js';
import type { ScorerKind } from '../src/ml/report/training-report.js';
import type { Scorer } from '../src/ml/scorer.js';
import type { BaselineName } from './train-config.js';

export const SERVED_SCORER_NAME = 'Tailor (served blend)';

export interface SuiteScorers {
  served: Scorer;
  /** Each blend source on its own (TF models, repeat-purchase). */
  sources: Scorer[];
  baselines: readonly BaselineName[];
  easeLambda?: number;
  /** The EASE baseline already fitted on the split's training data (with easeLambda), to skip a second fit. */
  ease?: EaseScorer;
}

/** One evaluation run of the served blend, its sources and the baselines, all on the same split. */
export async function evaluateSuite(
  split: HoldoutSplit,
  protocol: EvaluationProtocol,
  scorers: SuiteScorers,
  onResult: (name: string) => void = () => undefined,
): Promise<{ kind: ScorerKind; result: EvaluationResult }[]> {
  const results: { kind: ScorerKind; result: EvaluationResult }[] = [];
  const run = async (kind: ScorerKind, scorer: Scorer, name = scorer.name) => {
    results.push({ kind, result: { ...(await evaluate(scorer, split, protocol)), scorer: name } });
    onResult(name);
  };
  await run('served', scorers.served, SERVED_SCORER_NAME);
  for (const s of scorers.sources) await run('model', s);
  const trainData = { numItems: split.numItems, histories: split.train };
  const wanted = new Set(scorers.baselines);
  if (wanted.has('popularity')) await run('baseline', PopularityScorer.fit(trainData));
  if (wanted.has('repeat-frequency')) await run('baseline', new RepeatFrequencyScorer(split.numItems));
  if (wanted.has('item-knn')) await run('baseline', ItemKnnScorer.fit(trainData));
  if (wanted.has('ease'))
    await run('baseline', scorers.ease ?? (await EaseScorer.fit(trainData, { lambda: scorers.easeLambda })));
  return results;
}
