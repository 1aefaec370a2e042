import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RecommendationListView } from '../recommendation-view.js';
import { ApplyRulesStage } from './apply-rules.stage.js';
import { DeliverStage } from './deliver.stage.js';
import { ExplainStage } from './explain.stage.js';
import { FillListStage } from './fill-list.stage.js';
import { GatherCandidatesStage } from './gather-candidates.stage.js';
import { RankStage } from './rank.stage.js';
import type { RequestContext } from './request-context.js';

/**
 * The stages after ResolveContextStage, in order: the cache, gather candidates, rank, apply rules, explain, fill
 * the list, deliver. Releases the context's model lease once the list is out (or the request failed).
 */
@Injectable()
export class RecommendationPipeline {
  constructor(
    private readonly gatherStage: GatherCandidatesStage,
    private readonly rankStage: RankStage,
    private readonly rulesStage: ApplyRulesStage,
    private readonly explainStage: ExplainStage,
    private readonly fillStage: FillListStage,
    private readonly deliverStage: DeliverStage,
  ) {}

  async run(ctx: RequestContext): Promise<RecommendationListView> {
    try {
      const cached = await this.deliverStage.cached(ctx);
      if (cached) return await this.deliverStage.deliver(ctx, cached);
      const gathered = await this.gatherStage.gather(ctx);
      // From here on nothing awaits: every model index of the request comes from the one snapshot gathered.
      const ranking = this.rankStage.rank(gathered, ctx.limit, ctx.budget);
      const ruled = this.rulesStage.apply(ranking, ctx.limit);
      const explained = this.explainStage.explain(ruled, ctx.placement);
      const items = this.fillStage.fill(explained, gathered, ctx.limit);
      const list: RecommendationListView = {
        requestId: randomUUID(),
        items,
        modelVersion: ctx.served?.version ?? null,
        cached: false,
        coldStart: notAboutHistory(ctx) ? false : gathered.coldStart,
        personalized: ctx.personalized,
      };
      return await this.deliverStage.fresh(ctx, list);
    } finally {
      ctx.release();
    }
  }
}

/** An item's list, and a shopper's list that reads no history, are never cold-start lists. */
function notAboutHistory(ctx: RequestContext): boolean {
  return ctx.subject.kind === 'item' || (ctx.subject.kind === 'user' && !ctx.personalized);
}
