import { Injectable } from '@nestjs/common';
import type { Candidate } from '../ranking/candidate.js';
import { buyAgainScores } from '../ranking/baseline-scores.js';
import type { CandidateSource, SourceContext } from './candidate-source.js';

/** The user's own repeat purchases, frequent and recent first. */
@Injectable()
export class BuyAgainSource implements CandidateSource {
  readonly name = 'buy-again';

  candidates(ctx: SourceContext): Candidate[] {
    const purchases = ctx.user?.purchases ?? [];
    if (purchases.length === 0) return [];
    const anchor = ctx.anchorMs ?? Math.max(...purchases.map((p) => p.lastPurchasedMs));
    return buyAgainScores(purchases, anchor)
      .slice(0, ctx.budget)
      .map((s) => ({ ...s, source: this.name, reason: 'You bought this before' }));
  }
}
