import type { UserHistory } from '../dataset.js';
import type { HoldoutSplit } from '../data/holdout-split.js';
import type { TrainingData } from '../data/training-data.js';
import { evaluate, primaryMetricValue } from '../evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, parsePrimaryMetric, type EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import type { Scorer } from '../scorer.js';

const DAY = 86_400_000;

export interface PopularityOptions {
  /**
   * Half-life, in days back from the latest basket of the data, of one basket's count (a "trending" prior:
   * what sells now). Infinity (default) counts every basket the same: the classic most-popular baseline.
   */
  halfLifeDays?: number;
}

/** Half-lives searched on validation (days; Infinity = plain counts). Generic, not tuned to any dataset. */
export const POPULARITY_HALF_LIFE_GRID = [Infinity, 365, 90, 30, 14, 7];

/**
 * Most-popular baseline: score(i) = number of training baskets containing i, the same for every user.
 * With a half-life: score(i) = Σ_{baskets b ∋ i} 2^(−(t_last − t_b) / H), t_last the data's latest basket.
 */
export class PopularityScorer implements Scorer {
  readonly name: string;

  constructor(
    readonly counts: Float32Array,
    readonly halfLifeDays = Infinity,
  ) {
    this.name = Number.isFinite(halfLifeDays) ? `Pop(half-life ${halfLifeDays} d)` : 'Pop';
  }

  static fit(data: TrainingData, options: PopularityOptions = {}): PopularityScorer {
    const halfLife = halfLifeOf(options.halfLifeDays);
    const counts = new Float32Array(data.numItems);
    let latest = -Infinity;
    if (Number.isFinite(halfLife))
      for (const h of data.histories) for (const b of h.baskets) latest = Math.max(latest, b.time);
    const rate = Number.isFinite(halfLife) ? Math.LN2 / (halfLife * DAY) : 0;
    for (const h of data.histories)
      for (const b of h.baskets) {
        const w = rate ? Math.exp(-rate * (latest - b.time)) : 1;
        for (const i of b.items) if (i < data.numItems) counts[i] += w;
      }
    return new PopularityScorer(counts, halfLife);
  }

  /**
   * Picks the half-life on a validation split by the protocol's metric on new items (popularity is a discovery
   * prior: a user's own items are the repeat sources' job), then refits on `full` with it.
   */
  static async fitOnValidation(
    validation: HoldoutSplit,
    full: TrainingData,
    options: { protocol?: EvaluationProtocol; grid?: readonly number[] } = {},
  ): Promise<{ scorer: PopularityScorer; halfLifeDays: number; validationScore: number }> {
    const base = options.protocol ?? DEFAULT_PROTOCOL;
    const { metric } = parsePrimaryMetric(base.primaryMetric);
    const protocol: EvaluationProtocol = {
      ...base,
      settings: ['new'],
      metrics: [metric.id],
      primaryMetric: `${metric.id}:new`,
    };
    const train = { numItems: validation.numItems, histories: validation.train };
    let best = { halfLifeDays: Infinity, score: -Infinity };
    for (const halfLifeDays of options.grid ?? POPULARITY_HALF_LIFE_GRID) {
      const score = primaryMetricValue(
        await evaluate(PopularityScorer.fit(train, { halfLifeDays }), validation, protocol),
      );
      // ties keep the earlier (longer, smoother) half-life
      if (score > best.score + 1e-9) best = { halfLifeDays, score };
    }
    return {
      scorer: PopularityScorer.fit(full, { halfLifeDays: best.halfLifeDays }),
      halfLifeDays: best.halfLifeDays,
      validationScore: best.score,
    };
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.counts.length;
    const out = new Float32Array(histories.length * n);
    for (let r = 0; r < histories.length; r++) out.set(this.counts, r * n);
    return out;
  }
}

/** JSON has no Infinity: a stored half-life of null (or anything not a positive number) means no decay. */
export function halfLifeOf(value: number | null | undefined): number {
  return typeof value === 'number' && value > 0 ? value : Infinity;
}
