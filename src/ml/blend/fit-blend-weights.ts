import type { HeldOutCase } from '../data/holdout-split.js';
import { historyItems } from '../data/user-histories.js';
import { caseTargets, seededPermutation } from '../evaluation/evaluate.js';
import type { EvaluationSetting, MetricSpec } from '../evaluation/evaluation-protocol.js';
import { MetricAccumulator } from '../evaluation/metric-accumulator.js';
import { topK } from '../evaluation/top-k.js';

export interface FitWeightsOptions {
  /** Objective on the validation cases (default ndcg@10). */
  metric?: MetricSpec;
  /** 'all' (repeat purchases count) or 'new' (own items masked). */
  setting?: EvaluationSetting;
  /** Candidate values per weight in the coordinate search (scale-free: the blend is a ranking). */
  grid?: number[];
  /** Coordinate-search passes over all sources (default 3; stops early when nothing improves). */
  rounds?: number;
  seed?: number;
  /** Starting weights (default: the best single source at 1, the rest 0). */
  start?: number[];
  /** Which weights the search may change (default all). */
  free?: boolean[];
}

export const DEFAULT_WEIGHT_GRID = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5];

export interface FittedWeights {
  weights: number[];
  score: number;
  /** Each single source alone (weight 1, others 0), for the report. */
  singleSource: number[];
  evaluations: number;
}

/**
 * Coordinate search for blend weights on validation cases. `normalised[s]` is source s's per-user
 * normalised score matrix [cases × numItems] (rows aligned with `cases`). Start from the best single
 * source, then repeatedly re-pick each weight from the grid holding the others fixed. Each trial
 * costs one axpy per row plus top-k, because the other sources' sum is precomputed.
 */
export function fitBlendWeights(
  normalised: Float32Array[],
  cases: HeldOutCase[],
  numItems: number,
  options: FitWeightsOptions = {},
): FittedWeights {
  const metric = options.metric ?? { id: 'ndcg@10', name: 'ndcg', k: 10 };
  const setting = options.setting ?? 'all';
  const grid = options.grid ?? DEFAULT_WEIGHT_GRID;
  const rounds = options.rounds ?? 3;
  const n = numItems;
  const S = normalised.length;
  const tieRank = seededPermutation(n, options.seed ?? 42);
  const rows = cases
    .map((c, r) => {
      const seen = historyItems(c.history);
      const targets = caseTargets(c, setting, seen);
      return targets ? { r, targets, exclude: setting === 'new' ? seen : undefined } : null;
    })
    .filter((x) => x !== null);
  let evaluations = 0;
  const rowScore = new Float32Array(n);
  const score = (base: Float32Array | null, s: number, w: number): number => {
    evaluations++;
    const acc = new MetricAccumulator([metric], n);
    for (const { r, targets, exclude } of rows) {
      const o = r * n;
      if (base) rowScore.set(base.subarray(o, o + n));
      else rowScore.fill(0);
      if (w !== 0) {
        const m = normalised[s];
        for (let i = 0; i < n; i++) rowScore[i] += w * m[o + i];
      }
      acc.add(topK(rowScore, metric.k, { exclude, tieRank }), targets);
    }
    return acc.result()[metric.id];
  };
  const singleSource = normalised.map((_, s) => score(null, s, 1));
  const evaluateWeights = (ws: number[]): number => {
    const base = new Float32Array(cases.length * n);
    ws.forEach((w, t) => {
      if (w === 0) return;
      const m = normalised[t];
      for (let i = 0; i < base.length; i++) base[i] += w * m[i];
    });
    return score(base, 0, 0);
  };
  let weights = new Array<number>(S).fill(0);
  let best: number;
  if (options.start) {
    weights = [...options.start];
    best = evaluateWeights(weights);
  } else {
    const bestSource = singleSource.indexOf(Math.max(...singleSource));
    weights[bestSource] = 1;
    best = singleSource[bestSource];
  }
  const free = options.free ?? weights.map(() => true);
  const base = new Float32Array(cases.length * n);
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (let s = 0; s < S; s++) {
      if (!free[s]) continue;
      // base = Σ_{t≠s} w_t · normalised_t
      base.fill(0);
      for (let t = 0; t < S; t++) {
        if (t === s || weights[t] === 0) continue;
        const m = normalised[t];
        const w = weights[t];
        for (let i = 0; i < base.length; i++) base[i] += w * m[i];
      }
      const others = weights.some((w, t) => t !== s && w !== 0);
      for (const w of grid) {
        if (w === weights[s] || (!others && w === 0)) continue;
        const v = score(base, s, w);
        if (v > best + 1e-6) {
          best = v;
          weights[s] = w;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights, score: best, singleSource, evaluations };
}
