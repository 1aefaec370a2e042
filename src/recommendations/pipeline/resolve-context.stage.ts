import { Inject, Injectable, Optional } from '@nestjs/common';
import { filterDigest, recommendationField } from '../../cache/cache-keys.js';
import { settingsFingerprint } from '../../cache/settings-fingerprint.js';
import type { CatalogItem } from '../../catalog/catalog-item.js';
import { CatalogService } from '../../catalog/catalog.service.js';
import { badInput } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ContactFrequencyService } from '../../contact-frequency/contact-frequency.service.js';
import { assignmentCacheTag, ExperimentAssignmentService } from '../../experiments/experiment-assignment.service.js';
import type { ExperimentAssignment } from '../../experiments/experiment.types.js';
import { parseExternalId } from '../../graphql/external-id.js';
import type { SegmentMembership } from '../../ml/segments/segment-target.js';
import { ModelServingService, type ModelLease } from '../../model-serving/model-serving.service.js';
import { PersonalizationService } from '../../personalization/personalization.service.js';
import { PlacementWeightsService } from '../../settings/placement-weights.service.js';
import { BASKET_ITEMS, LIST_LIMIT } from '../dto/recommendations.args.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import type { PlacementName } from '../../placements/placement.js';
import {
  normalizeFilter,
  type NormalizedFilter,
  type RecommendationFilterValues,
} from '../ranking/recommendation-filter.js';
import type { ComplementaryItemsRequest, RecommendRequest, SimilarItemsRequest } from '../recommendation-requests.js';
import { RecommendationsRepository } from '../recommendations.repository.js';
import type { ListSubject, RequestContext } from './request-context.js';

/** Bump when ranking rules change so cached lists of the old rules are never served. */
export const RANKING_RULES_VERSION = 2;
/** Cache-key model part while no trained model serves. */
const BASELINE_MODEL = 'baseline';
const NO_ITEMS: ReadonlySet<string> = new Set<string>();
// Most calls send no filter: digest its normal form once instead of hashing per request.
const DEFAULT_FILTER_DIGEST = filterDigest(normalizeFilter(undefined));

/** What the three use cases resolve differently; everything else is resolved the same way. */
interface Resolved {
  subject: ListSubject;
  placement: PlacementName;
  limit: number;
  filter: NormalizedFilter;
  userId: string | null;
  assignment?: ExperimentAssignment | null;
  weights?: Readonly<Record<string, number>> | null;
  /** Present for cached lists: the settings part of the cache key (weights version, segment tag). */
  cacheSettings?: string;
  preview?: boolean;
  /** The filter as sent (its digest is part of the cache key). */
  filterSent?: boolean;
  /** False: the shopper refused personalisation (`userId` is then null). */
  personalized?: boolean;
}

/**
 * First stage of every request: validates the arguments and resolves the shopper, placement, filter, experiment
 * variant, segment weights, contact caps and model lease into one RequestContext. The personalisation switch is
 * read first: a shopper who refused personalisation (or a request asking for none) resolves to a non-personalised
 * context before any experiment, segment, contact cap or cache field.
 */
@Injectable()
export class ResolveContextStage {
  private readonly settingsVersion: string;

  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly catalog: CatalogService,
    private readonly popularity: PopularitySnapshotService,
    private readonly serving: ModelServingService,
    private readonly weights: PlacementWeightsService,
    @Inject(APP_CONFIG) config: AppConfig,
    // Optional so contexts without the experiments or contact-frequency modules still build.
    @Optional() private readonly experiments?: ExperimentAssignmentService,
    @Optional() private readonly contactFrequency?: ContactFrequencyService,
    @Optional() private readonly personalization?: PersonalizationService,
  ) {
    this.settingsVersion = settingsFingerprint(config, RANKING_RULES_VERSION);
  }

  /**
   * recommendations. A running A/B test on the placement assigns the shopper a variant whose weights (and model
   * version) replace the placement's; otherwise the customer segment's own weights on this placement do, when it
   * has some. The variant and the segment are part of the cache key.
   */
  async forUser(req: RecommendRequest): Promise<RequestContext> {
    const userId = parseExternalId(req.userId, 'userId');
    const limit = parseLimit(req.limit);
    const placement = req.placement;
    // Checked before the cache: a list cached before an opt-out is personalised.
    if (req.personalized === false || !(await this.allows(userId))) {
      return this.nonPersonalized(placement, limit, req.filter);
    }
    const filter = placementFilter(placement, normalizeFilter(req.filter));
    const preview = req.weightsOverride !== undefined;
    // The customer's segment, looked up at most once and only when a segment-targeted setting needs it.
    let membership: Promise<SegmentMembership | null> | undefined;
    const segmentOf = () => (membership ??= this.repository.userSegment(userId));
    const assignment = req.weightsOverride
      ? ({ weights: req.weightsOverride } as ExperimentAssignment)
      : ((await this.experiments?.assign(userId, placement, segmentOf)) ?? null);
    const segmentWeights =
      !assignment?.weights && this.weights.hasSegmentWeights(placement)
        ? this.weights.forSegment(placement, await segmentOf())
        : null;
    const weightsTag = segmentWeights ? `s${segmentWeights.target}.${segmentWeights.version}` : '';
    const cached = req.bypassCache !== true && !preview;
    return this.resolve({
      subject: { kind: 'user' },
      placement,
      limit,
      filter,
      userId,
      assignment,
      weights: assignment?.weights ?? segmentWeights?.weights ?? null,
      cacheSettings: cached ? `p${this.weights.version(placement)}${weightsTag}` : undefined,
      preview,
      filterSent: !!req.filter,
    });
  }

  /** similarItems: the PRODUCT placement around a known item, no shopper. */
  async forItem(req: SimilarItemsRequest): Promise<RequestContext> {
    const itemId = parseExternalId(req.itemId, 'itemId');
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    const seedItem = await this.catalog.findItem(itemId);
    if (!seedItem) throw badInput(`Unknown item "${itemId}"`, { argument: 'itemId' });
    return this.resolve({ subject: { kind: 'item', seedItem }, placement: 'PRODUCT', limit, filter, userId: null });
  }

  /** complementaryItems: the CART placement around a basket of known items, for a shopper when one is given. */
  async forBasket(req: ComplementaryItemsRequest): Promise<RequestContext> {
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    if (req.itemIds.length < BASKET_ITEMS.min || req.itemIds.length > BASKET_ITEMS.max) {
      throw badInput(`itemIds must hold ${BASKET_ITEMS.min} to ${BASKET_ITEMS.max} ids`, { argument: 'itemIds' });
    }
    const ids = [...new Set(req.itemIds.map((id) => parseExternalId(id, 'itemIds')))];
    const knownUser = req.userId === null || req.userId === undefined ? null : parseExternalId(req.userId, 'userId');
    // A shopper who refused personalisation is an anonymous basket.
    const personalized = knownUser === null || (await this.allows(knownUser));
    const userId = personalized ? knownUser : null;
    const found = await this.catalog.findItems(ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw badInput(`Unknown item "${unknown[0]}"`, { argument: 'itemIds' });
    const basketItems: CatalogItem[] = ids.map((id) => found.get(id)!);
    return this.resolve({
      subject: { kind: 'basket', basketItems },
      placement: 'CART',
      limit,
      filter,
      userId,
      personalized,
    });
  }

  /** Whether lists for this shopper may use their data (always, without the personalisation module). */
  private async allows(userId: string): Promise<boolean> {
    return (await this.personalization?.allows(userId)) ?? true;
  }

  /**
   * A shopper's list that uses nothing about them, on every placement: popular and trending items under the
   * request's filter, the same list any anonymous visitor gets. No model is leased: the list is baseline-only.
   */
  private nonPersonalized(
    placement: PlacementName,
    limit: number,
    filter: RecommendationFilterValues | null | undefined,
  ): RequestContext {
    return {
      subject: { kind: 'user' },
      placement,
      limit,
      // No purchases are read, so there are none to leave out.
      filter: { ...normalizeFilter(filter), excludePurchased: false },
      userId: null,
      assignment: null,
      weights: null,
      capped: NO_ITEMS,
      served: null,
      cacheField: null,
      preview: false,
      anchorMs: this.popularity.get().anchorMs,
      budget: candidateBudget(limit),
      personalized: false,
      release: () => undefined,
    };
  }

  /** The parts every use case resolves alike: contact caps, the model lease (taken last), the cache field. */
  private async resolve(r: Resolved): Promise<RequestContext> {
    const preview = r.preview ?? false;
    // Items shown to this shopper too often lately on this placement are left out (impressions are per shopper).
    const capped =
      r.userId && !preview ? ((await this.contactFrequency?.suppressed(r.userId, r.placement)) ?? NO_ITEMS) : NO_ITEMS;
    const assignment = r.assignment ?? null;
    // A variant's modelVersion picks the model this request leases (the active one if it cannot be loaded).
    const lease: ModelLease = assignment?.modelVersion
      ? await this.serving.leaseVersion(assignment.modelVersion)
      : this.serving.lease();
    const served = lease.served;
    const cacheField =
      r.cacheSettings === undefined
        ? null
        : recommendationField({
            placement: r.placement,
            limit: r.limit,
            filterDigest: r.filterSent ? filterDigest(r.filter) : DEFAULT_FILTER_DIGEST,
            modelVersion: served?.version ?? BASELINE_MODEL,
            settingsVersion: `${this.settingsVersion}${r.cacheSettings}`,
            experiment: assignmentCacheTag(assignment),
          });
    return {
      subject: r.subject,
      placement: r.placement,
      limit: r.limit,
      filter: r.filter,
      userId: r.userId,
      assignment,
      weights: r.weights ?? null,
      capped,
      served,
      cacheField,
      preview,
      anchorMs: this.popularity.get().anchorMs,
      budget: candidateBudget(r.limit),
      personalized: r.personalized ?? true,
      release: () => lease.release(),
    };
  }
}

/** The list length, within LIST_LIMIT (the GraphQL argument's bounds). */
export function parseLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < LIST_LIMIT.min || limit > LIST_LIMIT.max) {
    throw badInput(`limit must be an integer between ${LIST_LIMIT.min} and ${LIST_LIMIT.max} (got ${limit})`, {
      argument: 'limit',
    });
  }
  return limit;
}

/** BUY_AGAIN is about the user's own purchases: excludePurchased does not apply to it. */
export function placementFilter(placement: PlacementName, filter: NormalizedFilter): NormalizedFilter {
  return placement === 'BUY_AGAIN' && filter.excludePurchased ? { ...filter, excludePurchased: false } : filter;
}

/** Candidates each source proposes: enough for filters to reject some; the fill covers the rest. */
export const candidateBudget = (limit: number): number => Math.min(1000, limit * 5 + 50);
