import type { CatalogItem } from '../../catalog/catalog-item.js';
import type { ExperimentAssignment } from '../../experiments/experiment.types.js';
import type { ServedModel } from '../../model-serving/model-serving.service.js';
import type { PlacementName } from '../../placements/placement.js';
import type { NormalizedFilter } from '../ranking/recommendation-filter.js';

/**
 * What a list is asked for: `user` lists (recommendations) take their seed or basket from the shopper's latest
 * purchase and use the model only for a shopper with a history; `item` (similarItems) and `basket`
 * (complementaryItems) lists are about the items given.
 */
export type ListSubject =
  { kind: 'user' } | { kind: 'item'; seedItem: CatalogItem } | { kind: 'basket'; basketItems: readonly CatalogItem[] };

/**
 * Everything a request is resolved to before any candidate is gathered, resolved once by ResolveContextStage and
 * read by every later stage. `release()` ends the model lease; the pipeline calls it once the list is out.
 */
export interface RequestContext {
  readonly subject: ListSubject;
  readonly placement: PlacementName;
  readonly limit: number;
  readonly filter: NormalizedFilter;
  /** The shopper's external id; null for an anonymous list. */
  readonly userId: string | null;
  /** The running experiment's variant for this shopper and placement (or the operator's preview weights). */
  readonly assignment: ExperimentAssignment | null;
  /** Blend weights replacing the placement's: the variant's or the customer segment's; null = the placement's. */
  readonly weights: Readonly<Record<string, number>> | null;
  /** External ids the contact cap leaves out of this list (shown too often lately). */
  readonly capped: ReadonlySet<string>;
  /** The leased model; null while only baselines serve. */
  readonly served: ServedModel | null;
  /** The per-user cache field of this list; null: the list is neither read from nor written to the cache. */
  readonly cacheField: string | null;
  /** An operator's weights preview: no experiment, no cache, no impressions. */
  readonly preview: boolean;
  /** Newest event time (ms), the "now" of time-based scores. */
  readonly anchorMs: number | null;
  /** How many candidates each source proposes at most. */
  readonly budget: number;
  /**
   * False when nothing about the shopper may shape the list (they refused personalisation, or the request asked):
   * the shopper is then anonymous (`userId` null), so no history, cache, experiment or contact cap is touched.
   */
  readonly personalized: boolean;
  release(): void;
}
