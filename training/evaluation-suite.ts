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
import type { ScorerKind } from '../src/ml/report/training-report.js';
import type { Scorer } from '../src/ml/scorer.js';
import { BASELINE_ALIASES, type BaselineName } from './train-config.js';

export const SERVED_SCORER_NAME = 'Tailor (served blend)';

export interface SuiteScorers {
  served: Scorer;
  /** Each blend source on its own (TF models, repeat-purchase). */
  sources: Scorer[];
  baselines: readonly BaselineName[];
  /** The configured EASE λ; unused since λ is chosen on validation (kept so callers need no change). */
  easeLambda?: number;
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
): Promise<{ kind: ScorerKind; result: EvaluationResult }[]> {
  const results: { kind: ScorerKind; result: EvaluationResult }[] = [];
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
