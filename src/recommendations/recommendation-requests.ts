import type { PlacementName } from '../placements/placement.js';
import type { RecommendationFilterValues } from './ranking/recommendation-filter.js';

/** recommendations: a shopper's list for a placement. */
export interface RecommendRequest {
  userId: string;
  limit: number;
  placement: PlacementName;
  filter?: RecommendationFilterValues | null;
  /** Skip the cache entirely (no read, no write): benchmarks and tests. */
  bypassCache?: boolean;
  /** Validated blend weights replacing the placement's for this one (uncached, experiment-free) preview. */
  weightsOverride?: Record<string, number>;
  /** False: a non-personalised list for this request (no history, cache, experiment or contact cap). */
  personalized?: boolean;
}

/** similarItems: items related to the one shown (PRODUCT). */
export interface SimilarItemsRequest {
  itemId: string;
  limit: number;
  filter?: RecommendationFilterValues | null;
}

/** complementaryItems: items that complete a basket (CART). */
export interface ComplementaryItemsRequest {
  /** The basket (external ids); its items are never returned. */
  itemIds: readonly string[];
  userId?: string | null;
  limit: number;
  filter?: RecommendationFilterValues | null;
}
