// Learning the ranker on the validation baskets: every validation shopper's pool (from sources fitted without
// their last two baskets) becomes a list whose relevant items are those of the validation basket. Two shares of the
// shoppers are held out: guard shoppers early-stop the networks and pick their L2; judge shoppers, seen by neither
// step, decide whether each head is kept, against the best alternative (the linear blend, single sources) scored on
// the same judge shoppers. A verdict on the guard shoppers would favour the ranker: it was chosen on them.
import type { HeldOutCase } from '../data/holdout-split.js';
import type { UserHistory } from '../dataset.js';
import { evaluate } from '../evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, type EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import { SeededRandom } from '../models/shared/seeded-random.js';
import type { Scorer } from '../scorer.js';
import { candidateFeatures, FEATURE_COUNT } from './candidate-features.js';
import { candidatePool, DEFAULT_POOL, type CandidatePoolParams } from './candidate-pool.js';
import type { ItemStatistics } from './item-statistics.js';
import { LearnedRanker, RANKER_HEADS, type RankerHead } from './learned-ranker.js';
import { purchaseProfile } from './purchase-profile.js';
import {
  DEFAULT_NETWORK_PARAMS,
  fitRankerNetwork,
  weightsNdcg,
  type GuardList,
  type NetworkWeights,
  type RankerNetworkParams,
  type TrainingList,
} from './ranker-network.js';
import { sourceRowsFor, type SourceScorers } from './source-scorers.js';

export interface FitRankerOptions {
  pool?: CandidatePoolParams;
  network?: Partial<RankerNetworkParams>;
  /** Validation shoppers used at most (a seeded sample beyond it). */
  maxUsers?: number;
  /** Share of them held out as guard lists (early stopping, L2). */
  guardShare?: number;
  /** Share of them held out to judge each head against its alternative. */
  judgeShare?: number;
  /** Negatives sampled into each training list beside its relevant items. */
  negatives?: number;
  protocol?: EvaluationProtocol;
  /** A kept head is trained again with the judge shoppers' lists added (default true). */
  refitWithJudge?: boolean;
  /** 'always' keeps every head that could be trained, better than its alternative on the judge shoppers or not. */
  keep?: 'if-better' | 'always';
  log?: (message: string) => void;
}

export interface HeadVerdict {
  head: RankerHead;
  kept: boolean;
  /** NDCG@10 on the judge shoppers, the ranker and the best alternative. */
  ranker: number;
  alternative: { name: string; value: number } | null;
  /** Training lists, and the judge lists the verdict rests on. */
  lists: number;
  judgeLists: number;
  reason: string;
}

export interface FitRankerResult {
  /** Null when no head beat its alternative. */
  ranker: LearnedRanker | null;
  verdicts: HeadVerdict[];
  params: {
    pool: CandidatePoolParams;
    l2: Partial<Record<RankerHead, number>>;
    users: number;
    guardUsers: number;
    judgeUsers: number;
  };
}

export const DEFAULT_RANKER_USERS = 4000;
export const DEFAULT_GUARD_SHARE = 0.15;
export const DEFAULT_JUDGE_SHARE = 0.15;
/** Below these a head is not trained: too little to learn from or to judge it by. */
const MIN_TRAINING_LISTS = 20;
const MIN_GUARD_LISTS = 5;
/** Relevant items kept per training list: a few huge baskets would otherwise set every padded list's length. */
const MAX_POSITIVES = 30;

export async function fitRanker(
  cases: readonly HeldOutCase[],
  sources: SourceScorers,
  stats: ItemStatistics,
  alternatives: readonly Scorer[],
  options: FitRankerOptions = {},
): Promise<FitRankerResult> {
  const log = options.log ?? (() => undefined);
  const pool = options.pool ?? DEFAULT_POOL;
  const network = { ...DEFAULT_NETWORK_PARAMS, ...options.network };
  const rng = new SeededRandom(network.seed);
  const { train: trainCases, ...held } = rankerShoppers(cases, options, rng);
  const nowMs = stats.endMs;
  const negatives = options.negatives ?? 60;
  const lists = await buildLists(trainCases, held, sources, stats, pool, nowMs, negatives, rng);
  const protocol = { ...(options.protocol ?? DEFAULT_PROTOCOL), settings: ['all' as const, 'new' as const] };
  const judgeSplit = { numItems: stats.numItems, train: [] as UserHistory[], test: held.judge };
  const alternativeScores = await Promise.all(alternatives.map((a) => evaluate(a, judgeSplit, protocol)));
  const heads: Partial<Record<RankerHead, NetworkWeights>> = {};
  const verdicts: HeadVerdict[] = [];
  const l2: Partial<Record<RankerHead, number>> = {};
  for (const head of RANKER_HEADS) {
    const { train, guard, judge } = lists[head];
    const best = alternativeScores
      .map((r) => ({ name: r.scorer, value: r.settings.find((s) => s.setting === head)?.metrics['ndcg@10'] ?? 0 }))
      .reduce<{ name: string; value: number } | null>((a, b) => (a && a.value >= b.value ? a : b), null);
    if (train.length < MIN_TRAINING_LISTS || guard.length < MIN_GUARD_LISTS || judge.length < MIN_GUARD_LISTS) {
      verdicts.push({
        head,
        kept: false,
        ranker: 0,
        alternative: best,
        lists: train.length,
        judgeLists: judge.length,
        reason: 'too few lists to learn from',
      });
      continue;
    }
    log(`ranker ${head}: ${train.length} training, ${guard.length} guard, ${judge.length} judge lists`);
    const refitting = options.refitWithJudge !== false;
    // When the served network is trained again below, the judged one is a single member: a slightly weaker, so
    // cautious, stand-in for the ensemble, at a third less training.
    const judgedParams = refitting ? { ...network, ensemble: 1 } : network;
    const fit = fitRankerNetwork(train, guard, FEATURE_COUNT, judgedParams, (m) => log(`${head} ${m}`));
    const judged = weightsNdcg(fit.weights, judge);
    const better = !best || judged > best.value;
    const kept = better || options.keep === 'always';
    verdicts.push({
      head,
      kept,
      ranker: judged,
      alternative: best,
      lists: train.length,
      judgeLists: judge.length,
      reason: better
        ? `beats ${best?.name ?? 'nothing'} on the judge shoppers`
        : `${best!.name} ranks the judge shoppers at least as well (${best!.value.toFixed(4)} vs ${judged.toFixed(4)})` +
          (kept ? '; kept as configured (keep: always)' : ''),
    });
    if (!kept) continue;
    l2[head] = fit.l2;
    if (!refitting) {
      heads[head] = fit.weights;
      continue;
    }
    // Judged, the head learns from the judge shoppers too, at the chosen L2: more lists, the same guard.
    const judgeLists = judge.map((g) => sampledList(g.features, g.relevance, negatives, rng));
    const refit = fitRankerNetwork([...train, ...judgeLists], guard, FEATURE_COUNT, { ...network, l2Grid: [fit.l2] });
    log(`ranker ${head}: refitted with the judge shoppers → guard NDCG@10 ${refit.guardNdcg.toFixed(4)}`);
    heads[head] = refit.weights;
  }
  return {
    ranker: Object.keys(heads).length ? new LearnedRanker(heads, pool, stats) : null,
    verdicts,
    params: { pool, l2, users: trainCases.length, guardUsers: held.guard.length, judgeUsers: held.judge.length },
  };
}

/** A seeded sample of the validation shoppers with a basket to learn from, in three disjoint parts. */
export function rankerShoppers(
  cases: readonly HeldOutCase[],
  options: Pick<FitRankerOptions, 'maxUsers' | 'guardShare' | 'judgeShare'>,
  rng: SeededRandom,
): { train: HeldOutCase[]; guard: HeldOutCase[]; judge: HeldOutCase[] } {
  const usable = rng.shuffle(cases.filter((c) => c.history.baskets.length > 0));
  const chosen = usable.slice(0, options.maxUsers ?? DEFAULT_RANKER_USERS);
  const guardCount = Math.max(1, Math.round(chosen.length * (options.guardShare ?? DEFAULT_GUARD_SHARE)));
  const judgeCount = Math.max(1, Math.round(chosen.length * (options.judgeShare ?? DEFAULT_JUDGE_SHARE)));
  return {
    guard: chosen.slice(0, guardCount),
    judge: chosen.slice(guardCount, guardCount + judgeCount),
    train: chosen.slice(guardCount + judgeCount),
  };
}

/** A training list from a whole pool: its relevant rows (at most MAX_POSITIVES) and sampled others. */
function sampledList(full: Float32Array, relevance: Float32Array, negatives: number, rng: SeededRandom): TrainingList {
  const F = FEATURE_COUNT;
  const positives = [...relevance.keys()].filter((r) => relevance[r] > 0).slice(0, MAX_POSITIVES);
  const others = [...relevance.keys()].filter((r) => relevance[r] === 0);
  const picked = Int32Array.from([...positives, ...rng.shuffle(others).slice(0, negatives)]);
  const features = new Float32Array(picked.length * F);
  picked.forEach((r, k) => features.set(full.subarray(r * F, (r + 1) * F), k * F));
  return { features, relevance: Float32Array.from(picked, (r) => relevance[r]) };
}

type HeadLists = { train: TrainingList[]; guard: GuardList[]; judge: GuardList[] };

async function buildLists(
  trainCases: readonly HeldOutCase[],
  held: { guard: readonly HeldOutCase[]; judge: readonly HeldOutCase[] },
  sources: SourceScorers,
  stats: ItemStatistics,
  pool: CandidatePoolParams,
  nowMs: number,
  negatives: number,
  rng: SeededRandom,
): Promise<Record<RankerHead, HeadLists>> {
  const out: Record<RankerHead, HeadLists> = {
    all: { train: [], guard: [], judge: [] },
    new: { train: [], guard: [], judge: [] },
  };
  const all = [
    ...trainCases.map((c) => ({ c, role: 'train' as const })),
    ...held.guard.map((c) => ({ c, role: 'guard' as const })),
    ...held.judge.map((c) => ({ c, role: 'judge' as const })),
  ];
  for (let start = 0; start < all.length; start += 256) {
    const batch = all.slice(start, start + 256);
    const rows = await sourceRowsFor(
      sources,
      batch.map((b) => b.c.history),
      stats.numItems,
    );
    batch.forEach(({ c, role }, u) => {
      const profile = purchaseProfile(c.history, nowMs, stats.state.price);
      for (const head of RANKER_HEADS) {
        const targets = new Set(c.target.items.filter((i) => head === 'all' || !profile.own.has(i)));
        if (targets.size === 0) continue;
        const candidates = candidatePool(profile, rows[u], stats.numItems, pool, head === 'all');
        const relevance = Float32Array.from(candidates, (i) => (targets.has(i) ? 1 : 0));
        if (role !== 'train') {
          const features = candidateFeatures(candidates, profile, stats, rows[u], nowMs);
          out[head][role].push({ features, relevance, targets: targets.size });
          continue;
        }
        if (!relevance.some((r) => r > 0)) continue;
        // Features of the whole pool (its ranks are pool ranks), then the sampled rows.
        const full = candidateFeatures(candidates, profile, stats, rows[u], nowMs);
        out[head].train.push(sampledList(full, relevance, negatives, rng));
      }
    });
  }
  return out;
}
