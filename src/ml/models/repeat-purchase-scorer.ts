// Repeat-purchase ("buy again") scorer. In retail data a user's own history is the strongest single
// signal (Ariannezhad et al., SIGIR 2022 "ReCANet"; Hu et al., KDD 2020 "TIFU-KNN" use the same
// recency-decayed personal frequency). Plain TypeScript: fitted statistics + a few parameters.
import type { UserHistory } from '../dataset.js';
import type { HoldoutSplit } from '../data/holdout-split.js';
import type { TrainingData } from '../data/training-data.js';
import { evaluate, primaryMetricValue } from '../evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, type EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import { topK } from '../evaluation/top-k.js';
import type { Scorer } from '../scorer.js';

const DAY = 86_400_000;

export interface RepeatPurchaseParams {
  /** Half-life (days, back from the reference time) of one past purchase's weight; Infinity = plain frequency. */
  halfLifeDays: number;
  /** Exponent on the item's repurchase propensity (share of its buyers who bought it again); 0 = ignore. */
  itemRepeatWeight: number;
  /** Weight of the "predicted need" factor (elapsed time vs. typical re-purchase interval); 0 = ignore. */
  needWeight: number;
}

/** Generic defaults (used when nothing is fitted): mild recency, no item or need terms. */
export const DEFAULT_REPEAT_PARAMS: RepeatPurchaseParams = { halfLifeDays: 180, itemRepeatWeight: 0, needWeight: 0 };

/** The small search grid fitted on the validation split (generic, not tuned to any dataset). */
export const REPEAT_PARAM_GRID = {
  halfLifeDays: [Infinity, 365, 120, 45, 15],
  itemRepeatWeight: [0, 0.5, 1],
  needWeight: [0, 0.5, 1],
};

/** Serialisable state for the artifact (everything needed to score). */
export interface RepeatPurchaseState {
  params: RepeatPurchaseParams;
  /** Smoothed P(bought again | bought once) per item. */
  itemRepeatRate: number[];
  /** Typical re-purchase interval per item, days (the global median where an item has no repeats). */
  itemIntervalDays: number[];
  /** Tiny popularity prior (0..1) that orders never-bought items, so the list never falls back to index order. */
  popularity: number[];
}

export interface BuyAgainItem {
  item: number;
  score: number;
}

/**
 * score(u, i) = F(u, i) · r_i^β · (1 − γ + γ·need(u, i)), for items u bought; ε·pop(i) otherwise.
 *   F(u, i) = Σ_{baskets b ∋ i} 2^(−(t_ref − t_b) / H)            (recency-decayed frequency)
 *   r_i     = (repeat buyers_i + 1·r̄) / (buyers_i + 1)            (smoothed repurchase propensity)
 *   need    = exp(−½·ln²(e / τ_ui)), e = time since u last bought i at the next visit,
 *             τ_ui = u's own mean interval for i shrunk towards the item's typical interval τ_i.
 * t_ref is the user's last basket (or `now` when serving); the next visit is t_ref + the user's
 * median inter-basket gap.
 */
export class RepeatPurchaseScorer implements Scorer {
  readonly name = 'RepeatPurchase';
  readonly numItems: number;

  constructor(readonly state: RepeatPurchaseState) {
    this.numItems = state.itemRepeatRate.length;
  }

  /** Fits the item statistics on training histories with given (or default) parameters. */
  static fit(data: TrainingData, params: RepeatPurchaseParams = DEFAULT_REPEAT_PARAMS): RepeatPurchaseScorer {
    const n = data.numItems;
    const buyers = new Float64Array(n);
    const repeaters = new Float64Array(n);
    const baskets = new Float64Array(n);
    const intervals: number[][] = Array.from({ length: n }, () => []);
    for (const h of data.histories) {
      const times = new Map<number, number[]>();
      for (const b of h.baskets)
        for (const i of b.items) {
          if (i >= n) continue;
          baskets[i]++;
          const t = times.get(i);
          if (t) t.push(b.time);
          else times.set(i, [b.time]);
        }
      for (const [i, ts] of times) {
        buyers[i]++;
        if (ts.length >= 2) {
          repeaters[i]++;
          intervals[i].push((ts[ts.length - 1] - ts[0]) / (ts.length - 1) / DAY);
        }
      }
    }
    const totalBuyers = buyers.reduce((a, b) => a + b, 0);
    const meanRate = totalBuyers ? repeaters.reduce((a, b) => a + b, 0) / totalBuyers : 0.5;
    const globalInterval = median(intervals.flat()) ?? 30;
    const maxBaskets = Math.max(1, ...baskets);
    return new RepeatPurchaseScorer({
      params: { ...params },
      itemRepeatRate: Array.from(buyers, (b, i) => (repeaters[i] + meanRate) / (b + 1)),
      itemIntervalDays: intervals.map((xs) => {
        const m = median(xs);
        // shrink the item's median towards the global one when few users repeat it
        return m === null ? globalInterval : (m * xs.length + globalInterval) / (xs.length + 1);
      }),
      popularity: Array.from(baskets, (c) => c / maxBaskets),
    });
  }

  /**
   * Fits the parameters on a validation split (grid search on its primary metric, 'all' setting by
   * default), then refits the statistics on `full` training data with the winning parameters.
   */
  static async fitOnValidation(
    validation: HoldoutSplit,
    full: TrainingData,
    options: { protocol?: EvaluationProtocol; grid?: typeof REPEAT_PARAM_GRID } = {},
  ): Promise<{ scorer: RepeatPurchaseScorer; params: RepeatPurchaseParams; validationScore: number }> {
    const protocol = { ...(options.protocol ?? DEFAULT_PROTOCOL), settings: ['all' as const] };
    protocol.primaryMetric = protocol.primaryMetric.replace(/:new$/, ':all');
    const grid = options.grid ?? REPEAT_PARAM_GRID;
    const base = RepeatPurchaseScorer.fit({ numItems: validation.numItems, histories: validation.train });
    let best = { params: DEFAULT_REPEAT_PARAMS, score: -Infinity };
    for (const halfLifeDays of grid.halfLifeDays)
      for (const itemRepeatWeight of grid.itemRepeatWeight)
        for (const needWeight of grid.needWeight) {
          const params = { halfLifeDays, itemRepeatWeight, needWeight };
          const scorer = new RepeatPurchaseScorer({ ...base.state, params });
          const score = primaryMetricValue(await evaluate(scorer, validation, protocol));
          if (score > best.score + 1e-9) best = { params, score };
        }
    return { scorer: RepeatPurchaseScorer.fit(full, best.params), params: best.params, validationScore: best.score };
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    histories.forEach((h, r) => this.scoreInto(h, out, r * n, undefined));
    return out;
  }

  /**
   * BUY_AGAIN for serving: the user's own items ranked by predicted need at `now` (epoch ms;
   * default: the next expected visit after the last basket). Never returns an item not bought.
   */
  buyAgain(history: UserHistory, k: number, options: { now?: number; exclude?: ReadonlySet<number> } = {}): BuyAgainItem[] {
    const scores = new Float32Array(this.numItems).fill(-Infinity);
    this.scoreInto(history, scores, 0, options.now, true);
    return [...topK(scores, k, { exclude: options.exclude })].map((item) => ({ item, score: scores[item] }));
  }

  private scoreInto(h: UserHistory, out: Float32Array, offset: number, now: number | undefined, boughtOnly = false): void {
    const n = this.numItems;
    const { params, itemRepeatRate, itemIntervalDays, popularity } = this.state;
    if (!boughtOnly) for (let i = 0; i < n; i++) out[offset + i] = 1e-6 * popularity[i];
    if (h.baskets.length === 0) return;
    const last = h.baskets[h.baskets.length - 1].time;
    const gaps: number[] = [];
    for (let b = 1; b < h.baskets.length; b++) gaps.push((h.baskets[b].time - h.baskets[b - 1].time) / DAY);
    const nextVisitGap = now === undefined ? (median(gaps) ?? 30) : 0;
    const ref = now ?? last;
    const perItem = new Map<number, { f: number; first: number; lastT: number; count: number }>();
    const decayRate = Number.isFinite(params.halfLifeDays) ? Math.LN2 / (params.halfLifeDays * DAY) : 0;
    for (const b of h.baskets) {
      const w = Math.exp(-decayRate * Math.max(0, ref - b.time));
      for (const i of b.items) {
        if (i < 0 || i >= n) continue;
        const s = perItem.get(i);
        if (s) {
          s.f += w;
          s.lastT = b.time;
          s.count++;
        } else perItem.set(i, { f: w, first: b.time, lastT: b.time, count: 1 });
      }
    }
    for (const [i, s] of perItem) {
      let score = s.f;
      if (params.itemRepeatWeight) score *= Math.pow(itemRepeatRate[i], params.itemRepeatWeight);
      if (params.needWeight) {
        const own = s.count >= 2 ? (s.lastT - s.first) / DAY / (s.count - 1) : 0;
        const tau = Math.max(1, (own * (s.count - 1) + itemIntervalDays[i]) / s.count);
        const elapsed = Math.max(1, (ref - s.lastT) / DAY + nextVisitGap);
        const l = Math.log(elapsed / tau);
        score *= 1 - params.needWeight + params.needWeight * Math.exp(-0.5 * l * l);
      }
      out[offset + i] = 1 + score + 1e-6 * popularity[i]; // bought items always rank above never-bought ones
    }
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
