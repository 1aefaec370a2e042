import { setImmediate as nextTurn } from 'node:timers/promises';
// What-if evaluation of blend weights: replays a version's held-out evaluation with proposed weights.
// Each source is scored and normalised once per version (the expensive part); every what-if is then a
// weighted sum and a top-k per user — well under a second for a couple of thousand users.
import type { HeldOutCase, HoldoutSplit } from '../data/holdout-split.js';
import { historyItems } from '../data/user-histories.js';
import type { Normalisation } from '../blend/score-normalisation.js';
import { normaliseRow } from '../blend/score-normalisation.js';
import type { Scorer } from '../scorer.js';
import { caseTargets, seededPermutation } from './evaluate.js';
import { CoverageCounter } from './metrics/coverage.js';
import { ndcgAtK } from './metrics/ndcg-at-k.js';
import { recallAtK } from './metrics/recall-at-k.js';
import { topK } from './top-k.js';

/** Held-out users scored per call while preparing. */
const PREPARE_BATCH = 8;

export interface WhatIfSource {
  name: string;
  scorer: Scorer;
  /** A different scorer for lists of items new to the user (the learned ranker's 'new' head); default `scorer`. */
  scorerNew?: Scorer;
  normalisation: Normalisation;
}

export interface WhatIfMetrics {
  /** NDCG@10 with repeat purchases counting (the protocol's 'all' setting). */
  ndcgAt10: number;
  recallAt10: number;
  /** NDCG@10 on items new to each user ('new' setting). */
  ndcgAt10New: number;
  /** Share of catalog items appearing in anyone's top 10. */
  coverageAt10: number;
  /** Share of recommended top-10 items the user had already bought. */
  repeatShare: number;
  users: number;
}

interface PreparedCase {
  seen: ReadonlySet<number>;
  all: ReadonlySet<number> | null;
  fresh: ReadonlySet<number> | null;
}

const K = 10;

export class WhatIfEngine {
  private constructor(
    readonly sources: readonly string[],
    private readonly normalised: Float32Array[],
    /** Per source, its matrix for the 'new' setting when it has its own scorer there. */
    private readonly normalisedNew: (Float32Array | null)[],
    private readonly cases: PreparedCase[],
    private readonly numItems: number,
    private readonly tieRank: Int32Array,
    /** The dataset's user index of each case, to evaluate a group of users (a segment) alone. */
    private readonly caseUsers: Int32Array,
  ) {}

  /** Scores up to `maxUsers` held-out users (a seeded sample) with every source, once. */
  static async prepare(
    split: HoldoutSplit,
    sources: WhatIfSource[],
    options: { maxUsers?: number; seed?: number } = {},
  ) {
    const n = split.numItems;
    let cases: HeldOutCase[] = split.test.filter((c) => c.history.baskets.length > 0);
    const maxUsers = options.maxUsers ?? 2000;
    if (cases.length > maxUsers) {
      const keep = new Set(seededPermutation(cases.length, options.seed ?? 42).subarray(0, maxUsers));
      cases = cases.filter((_, i) => keep.has(i));
    }
    const prepared = cases.map((c) => {
      const seen = historyItems(c.history);
      return { seen, all: caseTargets(c, 'all', seen), fresh: caseTargets(c, 'new', seen) };
    });
    // A serving instance prepares this beside its requests: small batches, and the event loop gets a turn after
    // each, so requests wait for one batch at most, not for the whole preparation.
    const scoreAll = async (scorer: Scorer, normalisation: Normalisation) => {
      const m = new Float32Array(cases.length * n);
      for (let start = 0; start < cases.length; start += PREPARE_BATCH) {
        if (start > 0) await nextTurn();
        const batch = cases.slice(start, start + PREPARE_BATCH);
        const scores = await scorer.scoreUsers(batch.map((c) => c.history));
        batch.forEach((_, r) =>
          normaliseRow(
            scores.subarray(r * n, (r + 1) * n),
            normalisation,
            m.subarray((start + r) * n, (start + r + 1) * n),
          ),
        );
      }
      return m;
    };
    const normalised: Float32Array[] = [];
    const normalisedNew: (Float32Array | null)[] = [];
    for (const s of sources) {
      normalised.push(await scoreAll(s.scorer, s.normalisation));
      normalisedNew.push(s.scorerNew ? await scoreAll(s.scorerNew, s.normalisation) : null);
    }
    return new WhatIfEngine(
      sources.map((s) => s.name),
      normalised,
      normalisedNew,
      prepared,
      n,
      seededPermutation(n, options.seed ?? 42),
      Int32Array.from(cases, (c) => c.history.user),
    );
  }

  get users(): number {
    return this.cases.length;
  }

  /** How many prepared users are in `users` (dataset user indices). */
  countUsers(users: ReadonlySet<number>): number {
    let n = 0;
    for (const u of this.caseUsers) if (users.has(u)) n++;
    return n;
  }

  /**
   * Metrics of the blend Σ w_s · norm_s; sources missing from `weights` weigh 0. With `only`, over the prepared
   * users whose dataset index is in it (coverage then counts their lists alone).
   */
  evaluate(weights: Readonly<Record<string, number>>, only?: ReadonlySet<number>): WhatIfMetrics {
    const n = this.numItems;
    const w = this.sources.map((s) => weights[s] ?? 0);
    const row = new Float32Array(n);
    const rowNew = new Float32Array(n);
    const ownNew = w.some((weight, s) => weight !== 0 && this.normalisedNew[s] !== null);
    const coverage = new CoverageCounter(n);
    let ndcg = 0;
    let recall = 0;
    let ndcgNew = 0;
    let usersAll = 0;
    let usersNew = 0;
    let repeated = 0;
    let shown = 0;
    let users = 0;
    this.cases.forEach((c, u) => {
      if (only && !only.has(this.caseUsers[u]!)) return;
      users++;
      row.fill(0);
      w.forEach((weight, s) => {
        if (weight === 0) return;
        const m = this.normalised[s];
        for (let i = 0, o = u * n; i < n; i++) row[i] += weight * m[o + i];
      });
      const ranked = topK(row, K, { tieRank: this.tieRank });
      coverage.add(ranked, K);
      for (const i of ranked) if (c.seen.has(i)) repeated++;
      shown += ranked.length;
      if (c.all) {
        usersAll++;
        ndcg += ndcgAtK(ranked, c.all, K);
        recall += recallAtK(ranked, c.all, K);
      }
      if (c.fresh) {
        usersNew++;
        if (ownNew) {
          rowNew.fill(0);
          w.forEach((weight, s) => {
            if (weight === 0) return;
            const m = this.normalisedNew[s] ?? this.normalised[s];
            for (let i = 0, o = u * n; i < n; i++) rowNew[i] += weight * m[o + i];
          });
        }
        const ranked = topK(ownNew ? rowNew : row, K, { tieRank: this.tieRank, exclude: c.seen });
        ndcgNew += ndcgAtK(ranked, c.fresh, K);
      }
    });
    return {
      ndcgAt10: usersAll ? ndcg / usersAll : 0,
      recallAt10: usersAll ? recall / usersAll : 0,
      ndcgAt10New: usersNew ? ndcgNew / usersNew : 0,
      coverageAt10: coverage.value(),
      repeatShare: shown ? repeated / shown : 0,
      users,
    };
  }
}
