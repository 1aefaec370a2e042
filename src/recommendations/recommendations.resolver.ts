import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { ComplementaryItemsArgs, RecommendationsArgs, SimilarItemsArgs } from './dto/recommendations.args.js';
import { RecommendationListModel } from './models/recommendation-list.model.js';
import { RecommendationsService, type RecommendationListView } from './recommendations.service.js';
import { Roles } from '../auth/roles.js';

/** Header that makes a request skip the per-user cache (no read, no write): for benchmarks and tests. */
export const CACHE_CONTROL_HEADER = 'x-tailor-cache';

@Resolver(() => RecommendationListModel)
export class RecommendationsResolver {
  constructor(private readonly service: RecommendationsService) {}

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description: 'Personalised list for a user; unknown users get the cold-start list.',
  })
  recommendations(
    @Args() args: RecommendationsArgs,
    @Context('req') req?: FastifyRequest,
  ): Promise<RecommendationListView> {
    return this.service.recommend({
      userId: args.userId,
      limit: args.limit ?? 10,
      placement: args.placement ?? 'HOME',
      filter: args.filter,
      bypassCache: req?.headers?.[CACHE_CONTROL_HEADER] === 'bypass',
    });
  }

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description:
      'Items related to the given one (PRODUCT): co-purchase, collaborative item-item and content similarity.',
  })
  similarItems(@Args() args: SimilarItemsArgs): Promise<RecommendationListView> {
    return this.service.similarItems({ itemId: args.itemId, limit: args.limit ?? 10, filter: args.filter });
  }

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description: 'Items that complete a basket (CART): sequence model and co-purchase; never an item of the basket.',
  })
  complementaryItems(@Args() args: ComplementaryItemsArgs): Promise<RecommendationListView> {
    return this.service.complementaryItems({
      itemIds: args.itemIds,
      userId: args.userId,
      limit: args.limit ?? 10,
      filter: args.filter,
    });
  }
}
