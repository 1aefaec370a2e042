import { Injectable } from '@nestjs/common';
import type { Candidate } from '../ranking/candidate.js';
import { coPurchaseScores, type CoPurchaseCount } from '../ranking/baseline-scores.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import { RecommendationsRepository } from '../recommendations.repository.js';
import type { CandidateSource, SourceContext } from './candidate-source.js';

/** Seeds whose co-purchase counts stay memoised in memory (least recently used dropped first). */
const MEMO_SEEDS = 5000;
/** Pairs fetched per seed: more than any list needs, since cosine reorders the raw counts. */
const PAIRS_PER_SEED = 300;

interface Memo {
  version: number;
  seedBaskets: number;
  counts: CoPurchaseCount[];
}

/**
 * Items bought in the same baskets as the seed item. One query per seed, memoised until the
 * popularity snapshot sees new data (co-purchase counts change as slowly as popularity does).
 */
@Injectable()
export class CoPurchaseSource implements CandidateSource {
  readonly name = 'co-purchase';
  private readonly memo = new Map<string, Memo>();

  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly snapshot: PopularitySnapshotService,
  ) {}

  /** Items bought with the seed item (similarItems), or with any item of the basket (CART, scores summed). */
  async candidates(ctx: SourceContext): Promise<Candidate[]> {
    const seeds = ctx.seedItems ?? (ctx.seedItem ? [ctx.seedItem] : []);
    if (seeds.length === 0) return [];
    const snapshot = this.snapshot.get();
    const baskets = snapshot.basketsByItem;
    const seedIds = new Set(seeds.map((s) => s.internalId));
    const best = new Map<string, Candidate>();
    const strongest = new Map<string, number>();
    for (const seed of seeds) {
      const { seedBaskets, counts } = await this.countsFor(seed.internalId, snapshot.version);
      const reason = `Often bought with ${seed.title}`;
      for (const s of coPurchaseScores(counts, Math.max(1, seedBaskets), (id) => baskets.get(id) ?? 1).slice(
        0,
        ctx.budget,
      )) {
        if (seedIds.has(s.itemId)) continue;
        const seen = best.get(s.itemId);
        // the score adds up over the basket; the anchor is the seed with the strongest single tie
        if (!seen) best.set(s.itemId, { ...s, source: this.name, reason, anchorItemId: seed.internalId });
        else {
          if (s.score > (strongest.get(s.itemId) ?? 0)) Object.assign(seen, { reason, anchorItemId: seed.internalId });
          seen.score += s.score;
        }
        strongest.set(s.itemId, Math.max(strongest.get(s.itemId) ?? 0, s.score));
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, ctx.budget);
  }

  private async countsFor(seedId: string, version: number): Promise<Memo> {
    const hit = this.memo.get(seedId);
    if (hit && hit.version === version) {
      this.memo.delete(seedId);
      this.memo.set(seedId, hit);
      return hit;
    }
    const fresh = { version, ...(await this.repository.coPurchases(seedId, PAIRS_PER_SEED)) };
    this.memo.delete(seedId);
    this.memo.set(seedId, fresh);
    if (this.memo.size > MEMO_SEEDS) this.memo.delete(this.memo.keys().next().value as string);
    return fresh;
  }
}
