import { Injectable } from '@nestjs/common';
import type { Candidate } from '../ranking/candidate.js';
import { coPurchaseScores } from '../ranking/popularity.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import { RecommendationsRepository } from '../recommendations.repository.js';
import type { CandidateSource, SourceContext } from './candidate-source.js';

/** Items bought in the same baskets as the seed item (one query per request). */
@Injectable()
export class CoPurchaseSource implements CandidateSource {
  readonly name = 'co-purchase';
  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly snapshot: PopularitySnapshotService,
  ) {}

  async candidates(ctx: SourceContext): Promise<Candidate[]> {
    const seed = ctx.seedItem;
    if (!seed) return [];
    // Rank more pairs than needed: cosine reorders the raw counts the query sorts by.
    const counts = await this.repository.coPurchases(seed.internalId, Math.max(200, ctx.budget * 4));
    const baskets = this.snapshot.get().basketsByItem;
    const seedBaskets = baskets.get(seed.internalId) ?? Math.max(1, ...counts.map((c) => c.together));
    const reason = `Often bought with ${seed.title}`;
    return coPurchaseScores(counts, seedBaskets, (id) => baskets.get(id) ?? 1)
      .slice(0, ctx.budget)
      .map((s) => ({ ...s, source: this.name, reason }));
  }
}
