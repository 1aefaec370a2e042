import { Injectable } from '@nestjs/common';
import type { Candidate } from '../ranking/candidate.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import type { CandidateSource, SourceContext } from './candidate-source.js';

/** Most distinct purchasers over the recent window. */
@Injectable()
export class PopularSource implements CandidateSource {
  readonly name = 'popular';
  constructor(private readonly snapshot: PopularitySnapshotService) {}

  candidates(ctx: SourceContext): Candidate[] {
    return this.snapshot.get().popular.slice(0, ctx.budget);
  }
}
