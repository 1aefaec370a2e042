import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ServingStatsService } from '../analytics/serving-stats.service.js';
import type { FastifyRequest } from 'fastify';
import {
  ComplementaryItemsArgs,
  LIST_LIMIT,
  RecommendationsArgs,
  SimilarItemsArgs,
} from './dto/recommendations.args.js';
import { RecommendationListModel } from './recommendation-list.model.js';
import type { RecommendationListView } from './recommendation-view.js';
import { RecommendationsService } from './recommendations.service.js';
import type { PlacementName } from '../placements/placement.js';
import { PRINCIPAL_CONTEXT_KEY, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { badInput, DomainError } from '../common/errors/domain-error.js';
import { validateWeights } from '../settings/placement-weights.js';
import { sizedByLimit } from '../graphql/list-size.estimator.js';

/** Header that makes a request skip the per-user cache (no read, no write): for benchmarks and tests. */
export const CACHE_CONTROL_HEADER = 'x-tailor-cache';

/** Query cost: the list's selection once per item, `limit` taken within its bounds. */
const LIMITED = sizedByLimit(LIST_LIMIT);

const bypasses = (req: FastifyRequest | undefined) => req?.headers?.[CACHE_CONTROL_HEADER] === 'bypass';

// Every list the storefront is served is counted per day and placement for the dashboard's overview
// (src/analytics): one map update once the list is out. Weight previews and cache-bypassing calls
// (benchmarks, tests, the dashboard itself) are not storefront traffic and are not counted.
@Resolver(() => RecommendationListModel)
export class RecommendationsResolver {
  constructor(
    private readonly service: RecommendationsService,
    private readonly servingStats: ServingStatsService,
  ) {}

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description: 'Personalised list for a user; unknown users get the cold-start list.',
    complexity: LIMITED,
  })
  recommendations(
    @Args() args: RecommendationsArgs,
    @Context('req') req?: FastifyRequest,
    @Context(PRINCIPAL_CONTEXT_KEY) principal?: Principal,
  ): Promise<RecommendationListView> {
    const placement = args.placement ?? 'HOME';
    const bypassCache = bypasses(req);
    const list = this.service.recommend({
      userId: args.userId,
      limit: args.limit ?? LIST_LIMIT.default,
      placement,
      filter: args.filter,
      bypassCache,
      weightsOverride: args.weights ? previewWeights(placement, args.weights, principal) : undefined,
      personalized: args.personalized !== false,
    });
    return bypassCache || args.weights ? list : this.servingStats.counted(placement, list);
  }

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description:
      'Items related to the given one (PRODUCT): co-purchase, collaborative item-item and content similarity.',
    complexity: LIMITED,
  })
  similarItems(@Args() args: SimilarItemsArgs, @Context('req') req?: FastifyRequest): Promise<RecommendationListView> {
    const list = this.service.similarItems({
      itemId: args.itemId,
      limit: args.limit ?? LIST_LIMIT.default,
      filter: args.filter,
    });
    return bypasses(req) ? list : this.servingStats.counted('PRODUCT', list);
  }

  @Roles('storefront')
  @Query(() => RecommendationListModel, {
    description: 'Items that complete a basket (CART): sequence model and co-purchase; never an item of the basket.',
    complexity: LIMITED,
  })
  complementaryItems(
    @Args() args: ComplementaryItemsArgs,
    @Context('req') req?: FastifyRequest,
  ): Promise<RecommendationListView> {
    const list = this.service.complementaryItems({
      itemIds: args.itemIds,
      userId: args.userId,
      limit: args.limit ?? LIST_LIMIT.default,
      filter: args.filter,
    });
    return bypasses(req) ? list : this.servingStats.counted('CART', list);
  }
}

/** A weights preview (the dashboard's sliders) is an operator's tool: admin only, validated like stored weights. */
function previewWeights(
  placement: PlacementName,
  weights: readonly { source: string; weight: number }[],
  principal: Principal | undefined,
): Record<string, number> {
  if (principal?.role !== 'admin') throw new DomainError('FORBIDDEN', 'the weights preview needs an admin key');
  try {
    return validateWeights(placement, Object.fromEntries(weights.map((w) => [w.source, w.weight])));
  } catch (e) {
    throw badInput((e as Error).message, { argument: 'weights' });
  }
}
