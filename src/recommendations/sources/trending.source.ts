import { Injectable } from '@nestjs/common';
import type { Candidate } from '../ranking/candidate.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import type { CandidateSource, SourceContext } from './candidate-source.js';

/** Fastest growth of purchasers, recent half-window over the earlier half. */
@Injectable()
export class TrendingSource implements CandidateSource {
  readonly name = 'trending';
  constructor(private readonly snapshot: PopularitySnapshotService) {}

  candidates(ctx: SourceContext): Candidate[] {
    return this.snapshot.get().trending.slice(0, ctx.budget);
  }
}
