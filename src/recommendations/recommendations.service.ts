import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { filterDigest, recommendationField } from '../cache/cache-keys.js';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { settingsFingerprint } from '../cache/settings-fingerprint.js';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import { CachedListCodec } from './cached-list.codec.js';
import { BASKET_ITEMS, LIST_LIMIT } from './dto/recommendations.args.js';
import { parseExternalId } from '../graphql/external-id.js';
import { blend } from './ranking/blend.js';
import type { Candidate } from './ranking/candidate.js';
import { planFor, type PlacementName, type PlanStep } from './ranking/placement-plan.js';
import {
  itemPredicate,
  normalizeFilter,
  type NormalizedFilter,
  type RecommendationFilterValues,
} from './ranking/recommendation-filter.js';
import { selectWithFill } from './ranking/select.js';
import { PopularitySnapshotService } from './popularity-snapshot.service.js';
import { ModelServingService, type ServedModel } from '../model-serving/model-serving.service.js';
import { PlacementWeightsService } from '../settings/placement-weights.service.js';
import { ModelRanker } from './model-ranker.js';
import type { PurchaseLine } from './ranking/user-history.js';
import { HistoryViews } from './ranking/history-views.js';
import { RecommendationsRepository } from './recommendations.repository.js';
import { PurchaseHistoryService } from './purchase-history.service.js';
import { assignmentCacheTag, ExperimentAssignmentService } from '../experiments/experiment-assignment.service.js';
import type { ExperimentAssignment } from '../experiments/experiment.types.js';
import type { SegmentMembership } from '../ml/segments/segment-target.js';
import { ContactFrequencyService } from '../contact-frequency/contact-frequency.service.js';
import { CandidateSourceRegistry } from './sources/candidate-source.registry.js';
import type { SourceContext } from './sources/candidate-source.js';
import { PersonalizationService } from '../personalization/personalization.service.js';

export const MIN_LIMIT = LIST_LIMIT.min;
export const MAX_LIMIT = LIST_LIMIT.max;
/** Bump when ranking rules change so cached lists of the old rules are never served. */
export const RANKING_RULES_VERSION = 2;
/** Cache-key model part while no trained model serves. */
const BASELINE_MODEL = 'baseline';

export interface RecommendationView {
  item: CatalogItem;
  score: number;
  source: string;
  reason: string | null;
  /** The purchase, seed or basket item this recommendation relates to, when there is one. */
  anchorItem?: CatalogItem | null;
}

export interface RecommendationListView {
  requestId: string;
  items: RecommendationView[];
  modelVersion: string | null;
  cached: boolean;
  coldStart: boolean;
  /** False when the list uses no data about the user (they refused personalisation, or the request asked). */
  personalized: boolean;
  /** Set when a running experiment produced the list (src/experiments). */
  experimentId?: string | null;
  variant?: string | null;
}

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

export interface ComplementaryItemsRequest {
  /** The basket (external ids); its items are never returned. */
  itemIds: readonly string[];
  userId?: string | null;
  limit: number;
  filter?: RecommendationFilterValues | null;
}

export const MAX_BASKET_ITEMS = BASKET_ITEMS.max;

const NO_ITEMS: ReadonlySet<string> = new Set<string>();

export interface SimilarItemsRequest {
  itemId: string;
  limit: number;
  filter?: RecommendationFilterValues | null;
}

// Most calls send no filter: digest its normal form once instead of hashing per request.
const DEFAULT_FILTER_DIGEST = filterDigest(normalizeFilter(undefined));

export function parseLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < MIN_LIMIT || limit > MAX_LIMIT) {
    throw badInput(`limit must be an integer between ${MIN_LIMIT} and ${MAX_LIMIT} (got ${limit})`, {
      argument: 'limit',
    });
  }
  return limit;
}

/** The recommendation use cases: validate, consult the cache, gather candidates, rank, filter, fill. */
@Injectable()
export class RecommendationsService {
  private readonly settingsVersion: string;
  private readonly codec: CachedListCodec;
  private readonly historyViews = new HistoryViews();

  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly purchaseHistory: PurchaseHistoryService,
    private readonly sources: CandidateSourceRegistry,
    private readonly popularity: PopularitySnapshotService,
    private readonly catalogSnapshot: CatalogSnapshotService,
    private readonly catalog: CatalogService,
    private readonly cache: RecommendationCacheService,
    private readonly serving: ModelServingService,
    private readonly weights: PlacementWeightsService,
    private readonly ranker: ModelRanker,
    @Inject(APP_CONFIG) config: AppConfig,
    // Experiments hook (optional so contexts without the experiments module still build).
    @Optional() private readonly experiments?: ExperimentAssignmentService,
    @Optional() private readonly contactFrequency?: ContactFrequencyService,
    @Optional() private readonly personalization?: PersonalizationService,
  ) {
    this.settingsVersion = settingsFingerprint(config, RANKING_RULES_VERSION);
    this.codec = new CachedListCodec(catalogSnapshot);
  }

  async recommend(req: RecommendRequest): Promise<RecommendationListView> {
    const userId = parseExternalId(req.userId, 'userId');
    const limit = parseLimit(req.limit);
    const placement = req.placement;
    // A customer who refused personalisation is checked before the cache: a list cached earlier is personalised.
    if (req.personalized === false || !((await this.personalization?.allows(userId)) ?? true)) {
      return this.nonPersonalized(limit, req.filter);
    }
    // BUY_AGAIN lists the user's own purchases: excludePurchased does not apply there.
    const filter = placementFilter(placement, normalizeFilter(req.filter));
    // ── Experiments hook (src/experiments, docs/experiments.md) ──
    // A running A/B test on this placement assigns the user a variant whose weights replace the placement's
    // for this request; the variant is part of the cache key and of the response, and every served list
    // (cache hits too) is logged as an exposure so events carrying its requestId are attributed to it.
    // A variant's modelVersion picks the model this request leases (the active one if it cannot be loaded).
    const preview = req.weightsOverride;
    // The customer's segment, looked up at most once and only when a segment-targeted setting needs it.
    let membership: Promise<SegmentMembership | null> | undefined;
    const segmentOf = () => (membership ??= this.repository.userSegment(userId));
    // A preview is an operator looking at other weights: no experiment, no cache read or write.
    const assignment = preview
      ? ({ weights: preview } as ExperimentAssignment)
      : ((await this.experiments?.assign(userId, placement, segmentOf)) ?? null);
    // Weights: the variant's > the customer segment's own on this placement > the placement's.
    const segmentWeights =
      !assignment?.weights && this.weights.hasSegmentWeights(placement)
        ? this.weights.forSegment(placement, await segmentOf())
        : null;
    const weights = assignment?.weights ?? segmentWeights?.weights ?? null;
    const weightsTag = segmentWeights ? `s${segmentWeights.target}.${segmentWeights.version}` : '';
    const bypassCache = req.bypassCache === true || preview !== undefined;
    const lease = assignment?.modelVersion
      ? await this.serving.leaseVersion(assignment.modelVersion)
      : this.serving.lease();
    try {
      const served = lease.served;
      const field = recommendationField({
        placement,
        limit,
        filterDigest: req.filter ? filterDigest(filter) : DEFAULT_FILTER_DIGEST,
        modelVersion: served?.version ?? BASELINE_MODEL,
        settingsVersion: `${this.settingsVersion}p${this.weights.version(placement)}${weightsTag}`,
        experiment: assignmentCacheTag(assignment),
      });
      // Contact-frequency guard (src/contact-frequency): items shown too often lately are left out. A cached
      // list holding one is recomputed without them, and such a list is not cached (it depends on the moment).
      const capped = preview ? NO_ITEMS : ((await this.contactFrequency?.suppressed(userId, placement)) ?? NO_ITEMS);
      if (!bypassCache) {
        const hit = await this.cache.get(userId, field);
        const list = hit === null ? null : this.fromCache(hit);
        if (list && !list.items.some((r) => capped.has(r.item.id))) {
          return this.delivered(assignment, userId, placement, list);
        }
      }

      const lines = await this.purchaseHistory.lines(userId);
      const purchases = this.historyViews.purchases(lines);
      const excluded = new Set(filter.excludePurchased ? purchases.map((p) => p.itemId) : []);
      this.excludeExternal(excluded, capped);
      const anchorMs = this.popularity.get().anchorMs;
      const budget = candidateBudget(limit);
      const user = { id: userId, purchases };
      let picked: RecommendationView[];
      if (served && lines.length > 0) {
        picked = await this.rankUserWithModel(
          served,
          placement,
          lines,
          user,
          filter,
          excluded,
          limit,
          anchorMs,
          budget,
          weights,
        );
      } else {
        const ctx: SourceContext = { user, anchorMs, budget };
        picked = await this.rank(
          weightedPlan(planFor(placement, filter), weights, (name) => this.sources.has(name)),
          ctx,
          filter,
          excluded,
          limit,
        );
      }
      const list: RecommendationListView = {
        requestId: randomUUID(),
        items: picked,
        modelVersion: served?.version ?? null,
        cached: false,
        coldStart: purchases.length === 0,
        personalized: true,
      };
      if (!bypassCache && capped.size === 0) await this.cache.set(userId, field, this.codec.encode(list));
      return preview ? list : this.delivered(assignment, userId, placement, list);
    } finally {
      lease.release();
    }
  }

  /**
   * The list for a customer who refused personalisation, on every placement: popular and trending items under
   * the request's filter. Nothing about the customer is read or written (history, cache, experiment, contact
   * cap), so it is the same list any anonymous visitor gets.
   */
  private async nonPersonalized(
    limit: number,
    rawFilter: RecommendationFilterValues | null | undefined,
  ): Promise<RecommendationListView> {
    const filter = { ...normalizeFilter(rawFilter), excludePurchased: false };
    const plan = planFor('HOME', { ...filter, excludePurchased: true });
    const ctx: SourceContext = { anchorMs: this.popularity.get().anchorMs, budget: candidateBudget(limit) };
    const items = await this.rank(plan, ctx, filter, NO_ITEMS, limit);
    return { requestId: randomUUID(), items, modelVersion: null, cached: false, coldStart: false, personalized: false };
  }

  /** The user's purchase history in the served model's index space (items it cannot score dropped). */
  private historyIn(served: ServedModel, lines: readonly PurchaseLine[]) {
    const model = served.model;
    const space = { model, generation: model.indexGeneration, catalog: this.catalogSnapshot.all() };
    return this.historyViews.history(lines, space, (internalId) => {
      const item = this.catalogSnapshot.byInternalId(internalId);
      return item ? model.indexOf(item.id) : undefined;
    });
  }

  /** Adds catalog items given by external id to a set of excluded internal ids. */
  private excludeExternal(excluded: Set<string>, externalIds: Iterable<string>): void {
    for (const id of externalIds) {
      const item = this.catalogSnapshot.byExternalId(id);
      if (item) excluded.add(item.internalId);
    }
  }

  /** A list leaving for the storefront: its impressions count for the contact cap, and for the experiment. */
  private async delivered(
    assignment: ExperimentAssignment | null,
    userId: string,
    placement: PlacementName,
    list: RecommendationListView,
  ): Promise<RecommendationListView> {
    await this.contactFrequency?.shown(
      userId,
      placement,
      list.items.map((r) => r.item.id),
    );
    return this.experimentServed(assignment, userId, placement, list);
  }

  /** Experiments hook, second half: tags the list with its variant and logs the exposure (non-blocking). */
  private experimentServed(
    assignment: ExperimentAssignment | null,
    userId: string,
    placement: PlacementName,
    list: RecommendationListView,
  ): RecommendationListView {
    if (!assignment) return list;
    this.experiments?.served(assignment, {
      requestId: list.requestId,
      userId,
      placement,
      itemIds: list.items.map((r) => r.item.id),
      modelVersion: list.modelVersion,
    });
    return { ...list, experimentId: assignment.experimentId, variant: assignment.variant };
  }

  /** HOME, BUY_AGAIN, PRODUCT (seeded by the latest purchase), CART (the latest basket) for a user with history. */
  private async rankUserWithModel(
    served: ServedModel,
    placement: PlacementName,
    lines: readonly PurchaseLine[],
    user: SourceContext['user'],
    filter: NormalizedFilter,
    excluded: Set<string>,
    limit: number,
    anchorMs: number | null,
    budget: number,
    weights: Readonly<Record<string, number>> | null = null,
  ): Promise<RecommendationView[]> {
    const history = this.historyIn(served, lines);
    const latest = lines.reduce((a, b) => (b.ms > a.ms ? b : a));
    const known = (id: string) => this.catalogSnapshot.byInternalId(id);
    let seedItem: CatalogItem | undefined;
    let basketItems: CatalogItem[] | undefined;
    if (placement === 'PRODUCT') {
      seedItem = known(latest.itemId);
      if (seedItem) excluded.add(seedItem.internalId);
    } else if (placement === 'CART') {
      basketItems = lines
        .filter((l) => l.basket === latest.basket)
        .map((l) => known(l.itemId))
        .filter((i): i is CatalogItem => !!i);
      for (const b of basketItems) excluded.add(b.internalId);
    }
    return this.ranker.rank({
      served,
      placement,
      history,
      seedItem,
      basketItems,
      user,
      filter,
      excluded,
      limit,
      anchorMs,
      budget,
      weights,
    });
  }

  /** CART: items that complete the basket (sequence model + co-purchase); never an item of the basket. */
  async complementaryItems(req: ComplementaryItemsRequest): Promise<RecommendationListView> {
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    if (req.itemIds.length === 0 || req.itemIds.length > MAX_BASKET_ITEMS) {
      throw badInput(`itemIds must hold 1 to ${MAX_BASKET_ITEMS} ids`, { argument: 'itemIds' });
    }
    const ids = [...new Set(req.itemIds.map((id) => parseExternalId(id, 'itemIds')))];
    const knownUser = req.userId === null || req.userId === undefined ? null : parseExternalId(req.userId, 'userId');
    // A customer who refused personalisation is an anonymous basket.
    const optedOut = knownUser !== null && !((await this.personalization?.allows(knownUser)) ?? true);
    const userId = optedOut ? null : knownUser;
    const found = await this.catalog.findItems(ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw badInput(`Unknown item "${unknown[0]}"`, { argument: 'itemIds' });
    const basketItems = ids.map((id) => found.get(id)!);
    const lease = this.serving.lease();
    try {
      const served = lease.served;
      const lines = userId ? await this.purchaseHistory.lines(userId) : [];
      const purchases = this.historyViews.purchases(lines);
      const excluded = new Set([
        ...basketItems.map((b) => b.internalId),
        ...(filter.excludePurchased ? purchases.map((p) => p.itemId) : []),
      ]);
      // The CART placement's contact cap applies to a known user (impressions are per user).
      const capped = userId ? ((await this.contactFrequency?.suppressed(userId, 'CART')) ?? NO_ITEMS) : NO_ITEMS;
      this.excludeExternal(excluded, capped);
      const anchorMs = this.popularity.get().anchorMs;
      const budget = candidateBudget(limit);
      const user = userId ? { id: userId, purchases } : undefined;
      let items: RecommendationView[];
      if (served) {
        const history = lines.length > 0 ? this.historyIn(served, lines) : null;
        items = await this.ranker.rank({
          served,
          placement: 'CART',
          history,
          basketItems,
          user,
          filter,
          excluded,
          limit,
          anchorMs,
          budget,
        });
      } else {
        const ctx: SourceContext = { user, seedItems: basketItems, anchorMs, budget };
        items = await this.rank([{ source: 'co-purchase', weight: 1 }], ctx, filter, excluded, limit);
      }
      if (userId) {
        await this.contactFrequency?.shown(
          userId,
          'CART',
          items.map((r) => r.item.id),
        );
      }
      return {
        requestId: randomUUID(),
        items,
        modelVersion: served?.version ?? null,
        cached: false,
        coldStart: purchases.length === 0,
        personalized: !optedOut,
      };
    } finally {
      lease.release();
    }
  }

  async similarItems(req: SimilarItemsRequest): Promise<RecommendationListView> {
    const itemId = parseExternalId(req.itemId, 'itemId');
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    const seed = await this.catalog.findItem(itemId);
    if (!seed) throw badInput(`Unknown item "${itemId}"`, { argument: 'itemId' });
    const anchorMs = this.popularity.get().anchorMs;
    const budget = candidateBudget(limit);
    const excluded = new Set([seed.internalId]);
    const lease = this.serving.lease();
    try {
      const served = lease.served;
      const items = served
        ? await this.ranker.rank({
            served,
            placement: 'PRODUCT',
            history: null,
            seedItem: seed,
            filter,
            excluded,
            limit,
            anchorMs,
            budget,
          })
        : await this.rank(
            [{ source: 'co-purchase', weight: 1 }],
            { seedItem: seed, anchorMs, budget },
            filter,
            excluded,
            limit,
          );
      return {
        requestId: randomUUID(),
        items,
        modelVersion: served?.version ?? null,
        cached: false,
        coldStart: false,
        personalized: true,
      };
    } finally {
      lease.release();
    }
  }

  private async rank(
    plan: PlanStep[],
    ctx: SourceContext,
    filter: NormalizedFilter,
    excluded: ReadonlySet<string>,
    limit: number,
  ): Promise<RecommendationView[]> {
    const lists = await Promise.all(
      plan.map(async (step) => ({
        candidates: await this.sources.get(step.source).candidates(ctx),
        weight: step.weight,
      })),
    );
    const accepts = itemPredicate(filter, excluded);
    const accept = (internalId: string): boolean => {
      const item = this.catalogSnapshot.byInternalId(internalId);
      return item !== undefined && accepts(item);
    };
    const snapshot = this.popularity.get();
    const picked = selectWithFill(
      blend(lists),
      [snapshot.popular, snapshot.popularAllTime, this.catalogFill()],
      accept,
      limit,
    );
    return picked.map((c) => ({
      item: this.catalogSnapshot.byInternalId(c.itemId)!,
      score: round(c.score),
      source: c.source,
      reason: c.reason,
      anchorItem: c.anchorItemId ? (this.catalogSnapshot.byInternalId(c.anchorItemId) ?? null) : null,
    }));
  }

  /** Last resort when popularity cannot fill the list: the rest of the catalog in id order. */
  private *catalogFill(): Iterable<Candidate> {
    for (const item of this.catalogSnapshot.all()) {
      yield { itemId: item.internalId, score: 0, source: 'catalog', reason: 'From our catalog' };
    }
  }

  /**
   * A cached list with its items looked up again; null (recompute) when one is no longer recommendable — the
   * list must still hold exactly `limit` items, and the fill can only come from ranking again.
   */
  private fromCache(raw: string): RecommendationListView | null {
    const list = this.codec.decode(raw);
    // Fields copied one by one: cheaper than an object spread on every cache hit.
    return (
      list && {
        requestId: randomUUID(),
        items: list.items,
        modelVersion: list.modelVersion,
        cached: list.cached,
        coldStart: list.coldStart,
        personalized: true,
      }
    );
  }
}

/** BUY_AGAIN is about the user's own purchases: excludePurchased does not apply to it. */
export function placementFilter(placement: PlacementName, filter: NormalizedFilter): NormalizedFilter {
  return placement === 'BUY_AGAIN' && filter.excludePurchased ? { ...filter, excludePurchased: false } : filter;
}

/**
 * Baseline path (no trained model) under other weights (an experiment variant's, a segment's): they replace
 * the plan's — every registered source they name with a weight > 0, in the order given.
 */
export function weightedPlan(
  plan: PlanStep[],
  weights: Readonly<Record<string, number>> | null,
  registered: (source: string) => boolean,
): PlanStep[] {
  if (!weights) return plan;
  return Object.entries(weights)
    .filter(([source, weight]) => weight > 0 && registered(source))
    .map(([source, weight]) => ({ source, weight }));
}

/** Candidates each source proposes: enough for filters to reject some; the fill covers the rest. */
export const candidateBudget = (limit: number): number => Math.min(1000, limit * 5 + 50);

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
