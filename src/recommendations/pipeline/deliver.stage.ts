import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { RecommendationCacheService } from '../../cache/recommendation-cache.service.js';
import { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import { ContactFrequencyService } from '../../contact-frequency/contact-frequency.service.js';
import { ExperimentAssignmentService } from '../../experiments/experiment-assignment.service.js';
import { CachedListCodec } from '../cached-list.codec.js';
import type { RecommendationListView } from '../recommendation-view.js';
import type { RequestContext } from './request-context.js';

/**
 * Last stage, and the cache in front of the others: a cached list is served when it holds no capped item; a
 * fresh list is cached (unless it depends on the moment's contact caps); every list leaving for the storefront
 * counts as impressions for the contact cap and, under an experiment, is tagged with its variant and logged as
 * an exposure so events carrying its requestId are attributed to it.
 */
@Injectable()
export class DeliverStage {
  private readonly codec: CachedListCodec;

  constructor(
    private readonly cache: RecommendationCacheService,
    catalog: CatalogSnapshotService,
    @Optional() private readonly experiments?: ExperimentAssignmentService,
    @Optional() private readonly contactFrequency?: ContactFrequencyService,
  ) {
    this.codec = new CachedListCodec(catalog);
  }

  /**
   * The cached list for this request, null (rank) when there is none or when one of its items is no longer
   * recommendable or capped: the list must still hold exactly `limit` items, and the fill comes only from ranking.
   */
  async cached(ctx: RequestContext): Promise<RecommendationListView | null> {
    // Only personalised lists are cached; a non-personalised context has neither a user nor a cache field.
    if (ctx.cacheField === null || ctx.userId === null) return null;
    const hit = await this.cache.get(ctx.userId, ctx.cacheField);
    const list = hit === null ? null : this.codec.decode(hit);
    if (!list || list.items.some((r) => ctx.capped.has(r.item.id))) return null;
    // Fields copied one by one: cheaper than an object spread on every cache hit.
    return {
      requestId: randomUUID(),
      items: list.items,
      modelVersion: list.modelVersion,
      cached: list.cached,
      coldStart: list.coldStart,
      personalized: true,
    };
  }

  /** Caches a fresh list, then delivers it. */
  async fresh(ctx: RequestContext, list: RecommendationListView): Promise<RecommendationListView> {
    if (ctx.cacheField !== null && ctx.userId !== null && ctx.capped.size === 0) {
      await this.cache.set(ctx.userId, ctx.cacheField, this.codec.encode(list));
    }
    return this.deliver(ctx, list);
  }

  /** A list leaving for the storefront: its impressions count for the contact cap, and for the experiment. */
  async deliver(ctx: RequestContext, list: RecommendationListView): Promise<RecommendationListView> {
    if (ctx.preview || ctx.userId === null) return list;
    const itemIds = list.items.map((r) => r.item.id);
    await this.contactFrequency?.shown(ctx.userId, ctx.placement, itemIds);
    const assignment = ctx.assignment;
    if (!assignment) return list;
    // Non-blocking: the exposure is written in the background.
    this.experiments?.served(assignment, {
      requestId: list.requestId,
      userId: ctx.userId,
      placement: ctx.placement,
      itemIds,
      modelVersion: list.modelVersion,
    });
    return { ...list, experimentId: assignment.experimentId, variant: assignment.variant };
  }
}
