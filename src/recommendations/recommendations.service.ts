import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { filterDigest, recommendationField } from '../cache/cache-keys.js';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { isRecommendable, type CatalogItem } from '../catalog/catalog-item.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
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
import { RecommendationsRepository } from './recommendations.repository.js';
import { CandidateSourceRegistry } from './sources/candidate-source.registry.js';
import type { SourceContext } from './sources/candidate-source.js';

export const MIN_LIMIT = 1;
export const MAX_LIMIT = 100;
/** Bump when ranking rules change so cached lists of the old rules are never served. */
export const RANKING_RULES_VERSION = 1;
/** Cache-key model part while no trained model serves. */
const BASELINE_MODEL = 'baseline';

export interface RecommendationView {
  item: CatalogItem;
  score: number;
  source: string;
  reason: string | null;
}

export interface RecommendationListView {
  requestId: string;
  items: RecommendationView[];
  modelVersion: string | null;
  cached: boolean;
  coldStart: boolean;
}

export interface RecommendRequest {
  userId: string;
  limit: number;
  placement: PlacementName;
  filter?: RecommendationFilterValues | null;
  /** Skip the cache entirely (no read, no write): benchmarks and tests. */
  bypassCache?: boolean;
}

export interface SimilarItemsRequest {
  itemId: string;
  limit: number;
  filter?: RecommendationFilterValues | null;
}

/** What the cache stores: external ids, rehydrated from the catalog snapshot on a hit. */
interface CachedList {
  m: string | null;
  c: boolean;
  i: [string, number, string, string | null][];
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

  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly sources: CandidateSourceRegistry,
    private readonly popularity: PopularitySnapshotService,
    private readonly catalogSnapshot: CatalogSnapshotService,
    private readonly catalog: CatalogService,
    private readonly cache: RecommendationCacheService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settingsVersion = `r${RANKING_RULES_VERSION}w${config.POPULARITY_WINDOW_DAYS}`;
  }

  async recommend(req: RecommendRequest): Promise<RecommendationListView> {
    const userId = parseExternalId(req.userId, 'userId');
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    const field = recommendationField({
      placement: req.placement,
      limit,
      filterDigest: req.filter ? filterDigest(filter) : DEFAULT_FILTER_DIGEST,
      modelVersion: BASELINE_MODEL,
      settingsVersion: this.settingsVersion,
    });
    if (!req.bypassCache) {
      const hit = await this.cache.get(userId, field);
      const list = hit === null ? null : this.fromCache(hit);
      if (list) return list;
    }

    const purchases = await this.repository.userPurchases(userId);
    const excluded = new Set(filter.excludePurchased ? purchases.map((p) => p.itemId) : []);
    const ctx: SourceContext = {
      user: { id: userId, purchases },
      anchorMs: this.popularity.get().anchorMs,
      budget: candidateBudget(limit),
    };
    const picked = await this.rank(planFor(req.placement, filter), ctx, filter, excluded, limit);
    const list: RecommendationListView = {
      requestId: randomUUID(),
      items: picked,
      modelVersion: null,
      cached: false,
      coldStart: purchases.length === 0,
    };
    if (!req.bypassCache) await this.cache.set(userId, field, this.toCache(list));
    return list;
  }

  async similarItems(req: SimilarItemsRequest): Promise<RecommendationListView> {
    const itemId = parseExternalId(req.itemId, 'itemId');
    const limit = parseLimit(req.limit);
    const filter = normalizeFilter(req.filter);
    const seed = await this.catalog.findItem(itemId);
    if (!seed) throw badInput(`Unknown item "${itemId}"`, { argument: 'itemId' });
    const ctx: SourceContext = {
      seedItem: seed,
      anchorMs: this.popularity.get().anchorMs,
      budget: candidateBudget(limit),
    };
    const picked = await this.rank(
      [{ source: 'co-purchase', weight: 1 }],
      ctx,
      filter,
      new Set([seed.internalId]),
      limit,
    );
    return { requestId: randomUUID(), items: picked, modelVersion: null, cached: false, coldStart: false };
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
    }));
  }

  /** Last resort when popularity cannot fill the list: the rest of the catalog in id order. */
  private *catalogFill(): Iterable<Candidate> {
    for (const item of this.catalogSnapshot.all()) {
      yield { itemId: item.internalId, score: 0, source: 'catalog', reason: 'From our catalog' };
    }
  }

  private toCache(list: RecommendationListView): string {
    const payload: CachedList = {
      m: list.modelVersion,
      c: list.coldStart,
      i: list.items.map((r) => [r.item.id, r.score, r.source, r.reason]),
    };
    return JSON.stringify(payload);
  }

  /** A cached list with items looked up again (an item that became unavailable meanwhile is dropped). */
  private fromCache(raw: string): RecommendationListView | null {
    let payload: CachedList;
    try {
      payload = JSON.parse(raw) as CachedList;
    } catch {
      return null;
    }
    const items: RecommendationView[] = [];
    for (const [id, score, source, reason] of payload.i) {
      const item = this.catalogSnapshot.byExternalId(id);
      if (item && isRecommendable(item)) items.push({ item, score, source, reason });
    }
    return { requestId: randomUUID(), items, modelVersion: payload.m, cached: true, coldStart: payload.c };
  }
}

/** Candidates each source proposes: enough for filters to reject some; the fill covers the rest. */
export const candidateBudget = (limit: number): number => Math.min(1000, limit * 5 + 50);

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
