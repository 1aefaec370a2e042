import type { EvaluationResult } from '../evaluation/evaluate.js';
import type { RankerHead } from './learned-ranker.js';

/**
 * The served pipeline's result: per setting, the ranker head that serves it ('all' lists may repeat purchases,
 * 'new' lists may not), or the linear blend where training dropped that head.
 */
export function servedResult(
  linear: EvaluationResult,
  heads: readonly { head: RankerHead; result: EvaluationResult }[],
  name: string,
): EvaluationResult {
  return {
    ...linear,
    scorer: name,
    settings: linear.settings.map((s) => {
      const head = heads.find((h) => h.head === s.setting);
      return head?.result.settings.find((x) => x.setting === s.setting) ?? s;
    }),
    seconds: linear.seconds + heads.reduce((a, h) => a + h.result.seconds, 0),
  };
}
