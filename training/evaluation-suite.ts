import type { EaseScorer } from '../src/ml/baselines/ease-scorer.js';
import {
  evaluateTunedBaseline,
  tuneBaselines,
  type BaselineKind,
  type TunedBaseline,
} from '../src/ml/baselines/tuned-baselines.js';
import type { HoldoutSplit } from '../src/ml/data/holdout-split.js';
import { evaluate, type EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import type { EvaluationProtocol } from '../src/ml/evaluation/evaluation-protocol.js';
import type { RankerHead } from '../src/ml/ranking/learned-ranker.js';
import { LINEAR_BLEND_NAME } from '../src/ml/ranking/blend-recipe-sources.js';
import { servedResult } from '../src/ml/ranking/served-result.js';
import type { ScorerKind } from '../src/ml/report/training-report.js';
import type { Scorer } from '../src/ml/scorer.js';
import { BASELINE_ALIASES, type BaselineName } from './train-config.js';

export const SERVED_SCORER_NAME = 'Tailor (served blend)';

export interface SuiteRow {
  kind: ScorerKind;
  result: EvaluationResult;
}

export interface SuiteScorers {
  served: Scorer;
  /** Each blend source on its own (TF models, repeat-purchase). */
  sources: Scorer[];
  baselines: readonly BaselineName[];
  /** An EASE model already fitted on the split's training data, reused when validation picks its λ. */
  ease?: EaseScorer;
  /** Baselines already tuned for this split (`tuneBaselines`); tuned here when absent. */
  tuned?: TunedBaseline[];
}

/** Config names to baseline kinds, aliases resolved, order kept, duplicates dropped. */
export function baselineKinds(names: readonly BaselineName[]): BaselineKind[] {
  return [
    ...new Set(names.map((n) => (n in BASELINE_ALIASES ? BASELINE_ALIASES[n as keyof typeof BASELINE_ALIASES] : n))),
  ] as BaselineKind[];
}

/**
 * One evaluation run of the served blend, its sources and the baselines, all on the same split. Each baseline's
 * hyper-parameters come from the validation split carved from `split.train`, per setting.
 */
export async function evaluateSuite(
  split: HoldoutSplit,
  protocol: EvaluationProtocol,
  scorers: SuiteScorers,
  onResult: (name: string) => void = () => undefined,
): Promise<SuiteRow[]> {
  const results: SuiteRow[] = [];
  const push = (kind: ScorerKind, result: EvaluationResult) => {
    results.push({ kind, result });
    onResult(result.scorer);
  };
  push('served', { ...(await evaluate(scorers.served, split, protocol)), scorer: SERVED_SCORER_NAME });
  for (const s of scorers.sources) push('model', await evaluate(s, split, protocol));
  const tuned =
    scorers.tuned ?? (await tuneBaselines(split, baselineKinds(scorers.baselines), { protocol, ease: scorers.ease }));
  for (const t of tuned) push('baseline', await evaluateTunedBaseline(t, split, protocol));
  return results;
}

/**
 * The suite's rows when the learned ranker serves: the served row takes each setting from its ranker head (the
 * linear blend where no head was kept), and the linear blend and each head follow it as models.
 */
export function withRankerRows(
  rows: readonly SuiteRow[],
  heads: { head: RankerHead; result: EvaluationResult }[],
): SuiteRow[] {
  const linear = rows[0].result;
  return [
    { kind: 'served', result: servedResult(linear, heads, SERVED_SCORER_NAME) },
    { kind: 'model', result: { ...linear, scorer: LINEAR_BLEND_NAME } },
    ...heads.map((h) => ({ kind: 'model' as const, result: h.result })),
    ...rows.slice(1),
  ];
}
