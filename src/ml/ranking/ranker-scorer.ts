// A ranker head as a Scorer, so the project's evaluation scores it like every other source: the pool gets the
// network's scores; every other item ranks below the pool in popularity order ('popularity-order'), or has no
// score at all ('no-evidence', -Infinity: how the service blends the ranker with other sources).
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import type { LearnedRanker, RankerHead } from './learned-ranker.js';
import { sourceRowsFor, type SourceScorers } from './source-scorers.js';

const BELOW_POOL = -1e6;

export class RankerScorer implements Scorer {
  readonly name: string;

  constructor(
    private readonly ranker: LearnedRanker,
    private readonly head: RankerHead,
    private readonly sources: SourceScorers,
    private readonly nowMs: number,
    name?: string,
    private readonly outside: 'popularity-order' | 'no-evidence' = 'popularity-order',
  ) {
    this.name = name ?? `Ranker (${head})`;
  }

  async scoreUsers(histories: UserHistory[]): Promise<Float32Array> {
    const n = this.ranker.numItems;
    const rows = await sourceRowsFor(this.sources, histories, n);
    const out = new Float32Array(histories.length * n);
    const baskets = this.ranker.stats.state.baskets;
    const maxBaskets = Math.max(1, ...baskets);
    histories.forEach((h, u) => {
      const row = out.subarray(u * n, (u + 1) * n);
      if (this.outside === 'no-evidence') row.fill(-Infinity);
      else for (let i = 0; i < n; i++) row[i] = BELOW_POOL + baskets[i] / maxBaskets;
      const ranked = this.ranker.rank(h, rows[u], this.nowMs, this.head);
      if (ranked) ranked.pool.forEach((i, r) => (row[i] = ranked.scores[r]));
    });
    return out;
  }
}
