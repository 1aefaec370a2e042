// The evaluation protocol is data: it is stored in every artifact's manifest so two runs compare honestly.

/** 'all': repeat purchases count. 'new': items the user already bought are removed from candidates and targets. */
export type EvaluationSetting = 'all' | 'new';

export interface EvaluationProtocol {
  version: 1;
  /** Each user's last basket is held out; everything before it is training data. */
  split: 'last-basket';
  /** Blend weights / hyper-parameters / early stopping are fitted on each user's second-to-last basket. */
  validation: 'second-to-last-basket';
  /** Users need at least this many baskets to be held out. */
  minBaskets: number;
  /** Full ranking over the whole catalog (no sampled negatives). */
  candidates: 'full-catalog';
  settings: EvaluationSetting[];
  /** `<name>@<k>` with name in hr | recall | ndcg | mrr | coverage. */
  metrics: string[];
  /** `<metric>:<setting>`, e.g. 'ndcg@10:all': the one number promotions compare. */
  primaryMetric: string;
  /** Seeds any sampling (e.g. validation-user subsampling when fitting blends). */
  seed: number;
}

export const DEFAULT_PROTOCOL: EvaluationProtocol = {
  version: 1,
  split: 'last-basket',
  validation: 'second-to-last-basket',
  minBaskets: 2,
  candidates: 'full-catalog',
  settings: ['all', 'new'],
  metrics: ['hr@10', 'recall@10', 'ndcg@10', 'mrr@10', 'recall@20', 'coverage@10'],
  primaryMetric: 'ndcg@10:all',
  seed: 42,
};

export type MetricName = 'hr' | 'recall' | 'ndcg' | 'mrr' | 'coverage';
export interface MetricSpec {
  id: string;
  name: MetricName;
  k: number;
}

const METRIC = /^(hr|recall|ndcg|mrr|coverage)@(\d+)$/;

export function parseMetric(id: string): MetricSpec {
  const m = METRIC.exec(id.trim().toLowerCase());
  if (!m || Number(m[2]) < 1) throw new Error(`unknown metric "${id}": expected <hr|recall|ndcg|mrr|coverage>@<k>`);
  return { id: `${m[1]}@${m[2]}`, name: m[1] as MetricName, k: Number(m[2]) };
}

export function parsePrimaryMetric(id: string): { metric: MetricSpec; setting: EvaluationSetting } {
  const [metric, setting = 'all'] = id.split(':');
  if (setting !== 'all' && setting !== 'new')
    throw new Error(`unknown setting "${setting}" in "${id}": expected all or new`);
  return { metric: parseMetric(metric), setting };
}
