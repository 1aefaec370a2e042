import { Injectable } from '@nestjs/common';
import { RecommendationPipeline } from './pipeline/recommendation-pipeline.js';
import { ResolveContextStage } from './pipeline/resolve-context.stage.js';
import type { ComplementaryItemsRequest, RecommendRequest, SimilarItemsRequest } from './recommendation-requests.js';
import type { RecommendationListView } from './recommendation-view.js';

/**
 * The three recommendation use cases. Each resolves its request into one context (ResolveContextStage) and runs
 * the same pipeline: cache → gather candidates → rank → apply rules → explain → fill → deliver.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly context: ResolveContextStage,
    private readonly pipeline: RecommendationPipeline,
  ) {}

  /** recommendations: a shopper's list for a placement (HOME, PRODUCT, CART, BUY_AGAIN). */
  async recommend(req: RecommendRequest): Promise<RecommendationListView> {
    return this.pipeline.run(await this.context.forUser(req));
  }

  /** similarItems (PRODUCT): items related to the one shown; never the item itself. */
  async similarItems(req: SimilarItemsRequest): Promise<RecommendationListView> {
    return this.pipeline.run(await this.context.forItem(req));
  }

  /** complementaryItems (CART): items that complete the basket; never an item of the basket. */
  async complementaryItems(req: ComplementaryItemsRequest): Promise<RecommendationListView> {
    return this.pipeline.run(await this.context.forBasket(req));
  }
}
