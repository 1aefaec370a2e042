import type { EvaluationResult } from '../evaluation/evaluate.js';
import { parsePrimaryMetric, type EvaluationSetting } from '../evaluation/evaluation-protocol.js';
import type { ScorerKind } from './training-report.js';

export interface BaselineComparison {
  setting: EvaluationSetting;
  metric: string;
  served: number;
  /** The baseline with the highest value of `metric` in this setting, or null when none was evaluated. */
  best: { scorer: string; value: number } | null;
  /** gap = (served − best) / best · 100 (null without a baseline or when best is 0). */
  gapPercent: number | null;
}

/**
 * The served pipeline beside the strongest baseline of each setting, on the protocol's primary metric (its
 * metric part, e.g. ndcg@10, read in every setting): the one comparison a storefront cares about.
 */
export function compareWithBestBaseline(
  results: readonly { kind: ScorerKind; result: EvaluationResult }[],
): BaselineComparison[] {
  const served = results.find((r) => r.kind === 'served')?.result;
  if (!served) return [];
  const metric = parsePrimaryMetric(served.protocol.primaryMetric).metric.id;
  return served.settings.map(({ setting, metrics }) => {
    let best: BaselineComparison['best'] = null;
    for (const { kind, result } of results) {
      if (kind !== 'baseline') continue;
      const value = result.settings.find((s) => s.setting === setting)?.metrics[metric];
      if (value !== undefined && !Number.isNaN(value) && (best === null || value > best.value))
        best = { scorer: result.scorer, value };
    }
    const value = metrics[metric];
    return {
      setting,
      metric,
      served: value,
      best,
      gapPercent: best && best.value > 0 ? ((value - best.value) / best.value) * 100 : null,
    };
  });
}

/** "+1.2 %", "−0.4 %", "—". */
export function formatGap(gap: number | null): string {
  if (gap === null || Number.isNaN(gap)) return '—';
  return `${gap >= 0 ? '+' : '−'}${Math.abs(gap).toFixed(1)} %`;
}

/** Plain-text lines for the CLI. */
export function formatBaselineComparison(comparisons: readonly BaselineComparison[]): string {
  return comparisons
    .map(
      (c) =>
        `${c.setting} items, ${c.metric}: served ${c.served.toFixed(4)} vs best baseline ` +
        (c.best ? `${c.best.scorer} ${c.best.value.toFixed(4)} (${formatGap(c.gapPercent)})` : '—'),
    )
    .join('\n');
}
