import type { UserHistory } from '../dataset.js';
import { validationSplit, type HoldoutSplit } from '../data/holdout-split.js';
import { evaluate, type EvaluationResult } from '../evaluation/evaluate.js';
import {
  DEFAULT_PROTOCOL,
  parsePrimaryMetric,
  type EvaluationProtocol,
  type EvaluationSetting,
} from '../evaluation/evaluation-protocol.js';
import type { Scorer } from '../scorer.js';
import { DEFAULT_EASE_OPTIONS, EaseScorer } from './ease-scorer.js';
import { ItemKnnScorer } from './item-knn-scorer.js';
import { PersonalTopFrequencyScorer } from './personal-top-frequency-scorer.js';
import { POPULARITY_HALF_LIFE_GRID, PopularityScorer } from './popularity-scorer.js';
import { TIFU_KNN_GRID, TifuKnnScorer } from './tifu-knn-scorer.js';
import { sampleHoldout } from './validation-sample.js';

/** The simple baselines the evaluation puts beside the served pipeline. */
export const BASELINE_KINDS = ['popularity', 'p-top-freq', 'gp-top-freq', 'item-knn', 'ease', 'tifu-knn'] as const;
export type BaselineKind = (typeof BASELINE_KINDS)[number];

/** Small generic grids searched on validation (not tuned to any data set). */
export const ITEM_KNN_NEIGHBOURS_GRID = [10, 20, 50, 200];
export const EASE_LAMBDA_GRID = [100, 500, 2000];
/**
 * EASE's validation fits model only the most popular items: the n³ inverse then costs ~1/15 of the full catalog's
 * on Online Retail (3.7k items), and λ regularises each item's own count, which the cut leaves unchanged.
 */
export const EASE_TUNING_MAX_ITEMS = 1500;

const SETTINGS: EvaluationSetting[] = ['all', 'new'];

export interface TunedBaseline {
  kind: BaselineKind;
  /** Scorer to evaluate in each setting, fitted on the split's training data (one object when both agree). */
  scorers: Record<EvaluationSetting, Scorer>;
  /** The chosen hyper-parameters per setting ({} for parameter-free baselines). */
  params: Record<EvaluationSetting, Record<string, unknown>>;
  /** The protocol metric at the chosen point on the sampled validation users (NaN when nothing was searched). */
  validationScore: Record<EvaluationSetting, number>;
}

export interface TuneBaselinesOptions {
  protocol?: EvaluationProtocol;
  /** Validation users evaluated per grid point (default 1000). */
  maxUsers?: number;
  /** An EASE model already fitted on the split's training data: used when the search picks its λ. */
  ease?: EaseScorer;
  log?: (message: string) => void;
}

type Fit<P> = (data: { numItems: number; histories: UserHistory[] }, params: P) => Scorer | Promise<Scorer>;

/**
 * Fits each requested baseline for evaluation on `split`'s held-out baskets, its hyper-parameters chosen on the
 * validation split carved from `split.train` (each user's second-to-last basket), never on the test baskets.
 * Settings are tuned separately: 'all' rewards the user's own items, 'new' excludes them.
 */
export async function tuneBaselines(
  split: HoldoutSplit,
  kinds: readonly BaselineKind[],
  options: TuneBaselinesOptions = {},
): Promise<TunedBaseline[]> {
  const protocol = options.protocol ?? DEFAULT_PROTOCOL;
  const log = options.log ?? (() => undefined);
  const validation = validationSplit(split, { minBaskets: protocol.minBaskets });
  const maxUsers = options.maxUsers ?? 1000;
  const sample = sampleHoldout(validation, maxUsers, protocol.seed);
  const train = { numItems: split.numItems, histories: split.train };
  const out: TunedBaseline[] = [];
  for (const kind of new Set(kinds)) {
    const started = performance.now();
    const tuned = await tuneOne(kind);
    out.push(tuned);
    log(
      `${kind}: ${SETTINGS.map((s) => `${s} ${JSON.stringify(tuned.params[s])} (${fmt(tuned.validationScore[s])})`).join(', ')} ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return out;

  async function tuneOne(kind: BaselineKind): Promise<TunedBaseline> {
    switch (kind) {
      case 'p-top-freq':
      case 'gp-top-freq': {
        const scorer = PersonalTopFrequencyScorer.fit(train, kind === 'p-top-freq' ? 'personal' : 'global-fill');
        return untuned(kind, scorer);
      }
      case 'popularity':
        return searchGrid(
          kind,
          POPULARITY_HALF_LIFE_GRID.map((halfLifeDays) => ({ halfLifeDays })),
          (d, p) => PopularityScorer.fit(d, p),
        );
      case 'item-knn': {
        // one fit at the largest k; smaller k are its truncations (neighbour lists are stored best first)
        const widest = new Map<HoldoutSplit['train'], ItemKnnScorer>();
        const kMax = Math.max(...ITEM_KNN_NEIGHBOURS_GRID);
        return searchGrid(
          kind,
          ITEM_KNN_NEIGHBOURS_GRID.map((neighbours) => ({ neighbours })),
          (d, p) => {
            if (!widest.has(d.histories)) widest.set(d.histories, ItemKnnScorer.fit(d, { neighbours: kMax }));
            return widest.get(d.histories)!.truncate(p.neighbours);
          },
        );
      }
      case 'ease':
        return searchGrid(
          kind,
          EASE_LAMBDA_GRID.map((lambda) => ({ lambda })),
          (d, p) =>
            d.histories === split.train
              ? options.ease?.lambda === p.lambda && !options.ease.truncated
                ? options.ease
                : EaseScorer.fit(d, { lambda: p.lambda, maxItems: DEFAULT_EASE_OPTIONS.maxItems })
              : EaseScorer.fit(d, { lambda: p.lambda, maxItems: EASE_TUNING_MAX_ITEMS }),
        );
      case 'tifu-knn': {
        const tuned = await TifuKnnScorer.tune(validation, train, TIFU_KNN_GRID, {
          protocol,
          maxUsers,
        });
        const { excludeSelf: _all, ...paramsAll } = tuned.all.params;
        const { excludeSelf: _new, ...paramsNew } = tuned.new.params;
        return {
          kind,
          scorers: { all: tuned.all.scorer, new: tuned.new.scorer },
          // on 'new' α does not change the ranking (the user's own items are excluded), so it is not reported
          params: { all: paramsAll, new: { ...paramsNew, alpha: undefined } },
          validationScore: { all: tuned.all.validationScore, new: tuned.new.validationScore },
        };
      }
    }

    async function searchGrid<P extends Record<string, unknown>>(
      name: BaselineKind,
      grid: P[],
      fit: Fit<P>,
    ): Promise<TunedBaseline> {
      const { metric } = parsePrimaryMetric(protocol.primaryMetric);
      const evalProtocol = { ...protocol, settings: SETTINGS, metrics: [metric.id] };
      const valTrain = { numItems: split.numItems, histories: validation.train };
      const best = new Map<EvaluationSetting, { params: P; score: number }>();
      for (const params of grid) {
        const result = await evaluate(await fit(valTrain, params), sample, evalProtocol);
        for (const s of result.settings) {
          if (s.users === 0) continue;
          // ties keep the earlier grid point
          const score = s.metrics[metric.id];
          if (score > (best.get(s.setting)?.score ?? -Infinity) + 1e-9) best.set(s.setting, { params, score });
        }
      }
      const chosen = (s: EvaluationSetting) => best.get(s) ?? { params: grid[0], score: Number.NaN };
      const fitted = new Map<string, Scorer>();
      const scorerFor = async (s: EvaluationSetting) => {
        const key = JSON.stringify(chosen(s).params);
        if (!fitted.has(key)) fitted.set(key, await fit(train, chosen(s).params));
        return fitted.get(key)!;
      };
      return {
        kind: name,
        scorers: { all: await scorerFor('all'), new: await scorerFor('new') },
        params: { all: chosen('all').params, new: chosen('new').params },
        validationScore: { all: chosen('all').score, new: chosen('new').score },
      };
    }
  }
}

function untuned(kind: BaselineKind, scorer: Scorer): TunedBaseline {
  return {
    kind,
    scorers: { all: scorer, new: scorer },
    params: { all: {}, new: {} },
    validationScore: { all: Number.NaN, new: Number.NaN },
  };
}

/**
 * Evaluates a tuned baseline on the held-out baskets as one row: each setting scored by the scorer tuned for it.
 * The row is named after the scorer, with both settings' names when their parameters differ.
 */
export async function evaluateTunedBaseline(
  tuned: TunedBaseline,
  split: HoldoutSplit,
  protocol: EvaluationProtocol,
): Promise<EvaluationResult> {
  const { all, new: fresh } = tuned.scorers;
  const settings = protocol.settings;
  if (all === fresh) return evaluate(all, split, protocol);
  const parts: EvaluationResult[] = [];
  for (const s of settings) parts.push(await evaluate(tuned.scorers[s], split, { ...protocol, settings: [s] }));
  return {
    scorer: `${all.name} on all; ${fresh.name} on new`,
    protocol,
    settings: parts.flatMap((p) => p.settings),
    seconds: parts.reduce((a, p) => a + p.seconds, 0),
  };
}

const fmt = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(4));
