import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { UserHistory } from '../ml/dataset.js';
import {
  blendCandidates,
  type BlendedCandidate,
  type DenseInput,
  type SparseInput,
} from '../ml/serving/blend-candidates.js';
import { categoryCap, mmrRerank } from '../ml/serving/candidate-selection.js';
import { withNewItems } from '../ml/serving/new-item-slots.js';
import { reasonFor, recentItems, repeatStats } from '../ml/serving/explanations.js';
import { bestAnchor, cosine } from '../ml/serving/item-vectors.js';
import type { ServingModel, SimilarityKind } from '../ml/serving/serving-model.js';
import type { ServedModel } from '../model-serving/model-serving.service.js';
import { servedBlend, type BlendSourceSpec } from '../ml/artifact/model-bundle.js';
import { normalisationOf } from '../settings/placement-weights.js';
import { PlacementWeightsService } from '../settings/placement-weights.service.js';
import type { Candidate } from './ranking/candidate.js';
import type { PlacementName } from './ranking/placement-plan.js';
import { itemPredicate, type NormalizedFilter } from './ranking/recommendation-filter.js';
import { selectWithFill } from './ranking/select.js';
import { PopularitySnapshotService, popularReason } from './popularity-snapshot.service.js';
import { CandidateSourceRegistry } from './sources/candidate-source.registry.js';
import type { ModelContext, SourceContext } from './sources/candidate-source.js';

/** One ranked item with its explanation, as the service returns it. */
export interface RankedItem {
  item: CatalogItem;
  score: number;
  source: string;
  reason: string | null;
  anchorItem: CatalogItem | null;
}

export interface ModelRankRequest {
  served: ServedModel;
  placement: PlacementName;
  /** The user's baskets in the model's index space (null: no user). */
  history: UserHistory | null;
  /** PRODUCT: the seed item. */
  seedItem?: CatalogItem;
  /** CART: the basket. */
  basketItems?: readonly CatalogItem[];
  user?: SourceContext['user'];
  filter: NormalizedFilter;
  /** Internal ids never to return (purchases under excludePurchased, the seed, the basket). */
  excluded: ReadonlySet<string>;
  limit: number;
  anchorMs: number | null;
  budget: number;
  /** Weights replacing the placement's for this request: an experiment variant's or the customer segment's. */
  weights?: Readonly<Record<string, number>> | null;
}

const SIMILARITY_REASON: Partial<Record<PlacementName, Partial<Record<string, string>>>> = {
  PRODUCT: { collaborative: 'collaborative-similar', content: 'content-similar', sequence: 'sequence-basket' },
  CART: { sequence: 'sequence-basket', content: 'content-similar' },
};

/**
 * Ranks with the served model: the placement's weights (operator > config > the artifact's fitted blend >
 * built-in) pick the sources; model sources are blended densely over the whole index space with the
 * normalisation they were fitted with, list sources (co-purchase, trending, popular) are added scaled by their
 * maximum; then the business rules, diversity, a place for a fitting new item (NEW_ITEM_SLOTS), explanations,
 * and the popularity fill to exactly `limit`.
 */
@Injectable()
export class ModelRanker {
  private scratch = new Float32Array(0);
  /** Per served model, for the catalog snapshot it was built from: the catalog item at each model index. */
  private indexed = new WeakMap<
    ServingModel,
    { snapshot: readonly CatalogItem[]; items: (CatalogItem | undefined)[] }
  >();

  constructor(
    private readonly sources: CandidateSourceRegistry,
    private readonly weights: PlacementWeightsService,
    private readonly catalog: CatalogSnapshotService,
    private readonly popularity: PopularitySnapshotService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async rank(req: ModelRankRequest): Promise<RankedItem[]> {
    const model = req.served.model;
    const manifest = req.served.bundle.manifest;
    const blend = servedBlend(manifest);
    const resolved = req.weights ? { weights: req.weights } : this.weights.resolve(req.placement, blend);
    const weights = withRankerFallback(resolved.weights, model, req, manifest.blend);
    const active = Object.entries(weights).filter(([name, weight]) => weight > 0 && this.sources.has(name));
    // List sources (co-purchase, trending, popular) are the only awaits, and they run first: another request may
    // rebuild the model's extras (new catalog items) meanwhile, so every index of this request — the index →
    // item table, the seed, the basket, the dense scores — is taken after them, in one synchronous stretch.
    const listCtx = this.sourceContext(req, undefined);
    const lists = new Map<string, readonly Candidate[]>(
      await Promise.all(
        active
          .map(([name]) => this.sources.get(name))
          .filter((source) => !source.dense && !(req.placement === 'BUY_AGAIN' && source.name === 'repeat'))
          .map(async (source) => [source.name, await source.candidates(listCtx)] as const),
      ),
    );
    const itemAt = this.catalogByIndex(model);
    const seed = req.seedItem ? model.indexOf(req.seedItem.id) : undefined;
    const basket = req.basketItems?.map((b) => model.indexOf(b.id)).filter((i): i is number => i !== undefined);
    const ctx = this.sourceContext(req, {
      model,
      history: req.history,
      seed,
      basket,
      excludePurchased: req.filter.excludePurchased,
    });
    const dense: DenseInput[] = [];
    const sparse: SparseInput[] = [];
    for (const [name, weight] of active) {
      const list = lists.get(name);
      if (list) {
        sparse.push({ name, weight, entries: this.toEntries(model, list) });
      } else if (req.placement === 'BUY_AGAIN' && name === 'repeat') {
        sparse.push({ name, weight, entries: this.buyAgainEntries(model, req) });
      } else {
        const scores = this.sources.get(name).dense?.(ctx) ?? null;
        if (!scores) continue;
        // HOME blends as fitted offline; item-to-item and basket rows are cosines/logits scaled to [0, 1].
        const normalisation = req.placement === 'HOME' ? normalisationOf(name, blend) : 'minmax';
        dense.push({ name, scores, weight, normalisation });
      }
    }
    const accepts = itemPredicate(req.filter, req.excluded);
    const accept = (i: number): boolean => {
      const item = itemAt[i];
      return item !== undefined && accepts(item);
    };
    const total = model.totalItems;
    if (this.scratch.length < total) this.scratch = new Float32Array(total);
    const pool =
      dense.length + sparse.length === 0
        ? []
        : blendCandidates(total, dense, sparse, this.poolSize(req.limit, req.budget), accept, this.scratch);
    const content = dense.find((d) => d.name === 'content');
    const diverse = content
      ? withNewItems(this.diversify(model, itemAt, pool, req.limit), content.scores, {
          firstNew: model.numItems,
          limit: req.limit,
          slots: this.config.NEW_ITEM_SLOTS,
          accept,
        })
      : this.diversify(model, itemAt, pool, req.limit);
    const ranked: Candidate[] = diverse.map((c) =>
      this.explain(model, itemAt, c, req, seed, basket, ctx.model?.rankerAttribution),
    );
    const snapshot = this.popularity.get();
    const acceptInternal = (internalId: string): boolean => {
      const item = this.catalog.byInternalId(internalId);
      return item !== undefined && accepts(item);
    };
    const picked = selectWithFill(
      ranked,
      [snapshot.popular, snapshot.popularAllTime, this.catalogFill()],
      acceptInternal,
      req.limit,
    );
    const shown = displayScores(picked);
    return picked.map((c, i) => ({
      item: this.catalog.byInternalId(c.itemId)!,
      score: shown[i],
      source: c.source,
      reason: c.reason,
      anchorItem: c.anchorItemId ? (this.catalog.byInternalId(c.anchorItemId) ?? null) : null,
    }));
  }

  private sourceContext(req: ModelRankRequest, model: SourceContext['model']): SourceContext {
    return {
      user: req.user,
      seedItem: req.seedItem,
      seedItems: req.basketItems,
      anchorMs: req.anchorMs,
      budget: req.budget,
      ...(model ? { model } : {}),
    };
  }

  /** BUY_AGAIN: the user's own items ordered by predicted need at the data's "now". */
  private buyAgainEntries(model: ServingModel, req: ModelRankRequest) {
    if (!req.history || req.history.baskets.length === 0) return [];
    return model
      .buyAgain(req.history, req.budget, req.anchorMs ?? undefined)
      .map((b) => ({ index: b.item, score: b.score }));
  }

  private toEntries(model: ServingModel, list: readonly Candidate[]) {
    const out: { index: number; score: number; anchor?: number }[] = [];
    for (const c of list) {
      const item = this.catalog.byInternalId(c.itemId);
      const index = item ? model.indexOf(item.id) : undefined;
      if (index === undefined) continue;
      const anchorItem = c.anchorItemId ? this.catalog.byInternalId(c.anchorItemId) : undefined;
      out.push({ index, score: c.score, anchor: anchorItem ? model.indexOf(anchorItem.id) : undefined });
    }
    return out;
  }

  /** Blended candidates the diversity step looks at: MMR re-ranks the first few, a category cap may defer many. */
  private poolSize(limit: number, budget: number): number {
    switch (this.config.DIVERSITY) {
      case 'mmr':
        return Math.min(budget, mmrPoolSize(limit));
      case 'category-cap':
        return budget;
      default:
        return Math.min(budget, limit);
    }
  }

  /** MMR over content vectors (collaborative without a content model), or a per-category cap, or nothing. */
  private diversify(
    model: ServingModel,
    itemAt: readonly (CatalogItem | undefined)[],
    pool: BlendedCandidate[],
    limit: number,
  ): BlendedCandidate[] {
    const mode = this.config.DIVERSITY;
    // Fields copied one by one: an object spread of these costs ~0.5 µs each (30 per request).
    const keyed = (list: BlendedCandidate[]) =>
      list.map((c) => ({ index: c.index, score: c.score, source: c.source, anchor: c.anchor, key: String(c.index) }));
    if (mode === 'mmr') {
      const v = model.vectors('content') ?? model.vectors('collaborative');
      if (!v) return pool.slice(0, limit);
      return mmrRerank(keyed(pool.slice(0, mmrPoolSize(limit))), limit, this.config.DIVERSITY_MMR_LAMBDA, (a, b) =>
        cosine(v, a.index, b.index),
      );
    }
    if (mode === 'category-cap') {
      return categoryCap(
        keyed(pool),
        limit,
        this.config.DIVERSITY_CATEGORY_CAP,
        (c) => itemAt[c.index]?.categories[0]?.toLowerCase() ?? null,
      );
    }
    return pool.slice(0, limit);
  }

  private explain(
    model: ServingModel,
    itemAt: readonly (CatalogItem | undefined)[],
    c: BlendedCandidate,
    req: ModelRankRequest,
    seed: number | undefined,
    basket: number[] | undefined,
    attribution: ModelContext['rankerAttribution'],
  ): Candidate {
    const item = itemAt[c.index]!;
    let anchor = c.anchor;
    // The ranker's items are explained by the source that put them forward.
    const source = c.source === 'ranker' && attribution ? attribution.sourceOf(c.index) : c.source;
    const kind = source as SimilarityKind;
    const isModel = kind === 'collaborative' || kind === 'content' || kind === 'sequence';
    if (anchor === undefined && source === 'item-item') {
      const anchors =
        seed !== undefined
          ? [seed]
          : basket && basket.length > 0
            ? basket
            : req.history
              ? recentItems(req.history, 30)
              : [];
      anchor = model.itemItemAnchor(anchors, c.index);
    } else if (anchor === undefined && isModel) {
      if (seed !== undefined) anchor = seed;
      else {
        const anchors =
          basket && basket.length > 0
            ? basket
            : req.history
              ? recentItems(req.history, kind === 'sequence' ? 10 : 30)
              : [];
        const v = model.vectors(kind);
        anchor = v ? bestAnchor(v, c.index, anchors)?.item : undefined;
      }
    }
    const anchorItem = anchor === undefined ? undefined : itemAt[anchor];
    const reasonSource = SIMILARITY_REASON[req.placement]?.[source] ?? source;
    const reason = reasonFor({
      source: reasonSource,
      anchorTitle: anchorItem?.title,
      repeat: source === 'repeat' && req.history ? repeatStats(req.history, c.index) : null,
      popularWindow: popularReason(this.config.POPULARITY_WINDOW_DAYS).replace(/^Popular ?/, ''),
    });
    return { itemId: item.internalId, score: c.score, source: c.source, reason, anchorItemId: anchorItem?.internalId };
  }

  /**
   * The catalog item at each index of the model's space (undefined: not in the catalog), rebuilt once per
   * catalog snapshot, when catalog items the artifact does not know also get their content embeddings: a
   * request then looks items up by index instead of by id (the filter runs on hundreds of candidates).
   */
  private catalogByIndex(model: ServingModel): readonly (CatalogItem | undefined)[] {
    const snapshot = this.catalog.all();
    const known = this.indexed.get(model);
    if (known?.snapshot === snapshot) return known.items;
    this.addExtras(model, snapshot);
    const items = new Array<CatalogItem | undefined>(model.totalItems);
    for (let i = 0; i < items.length; i++) {
      const id = model.idAt(i);
      items[i] = id === undefined ? undefined : this.catalog.byExternalId(id);
    }
    this.indexed.set(model, { snapshot, items });
    return items;
  }

  /** Catalog items the artifact does not know get content embeddings. */
  private addExtras(model: ServingModel, items: readonly CatalogItem[]): void {
    const unknown = items.filter((i) => !i.isPlaceholder && !model.isKnown(i.id));
    model.setExtras(
      unknown.map((i) => ({
        id: i.id,
        features: { title: i.title, description: i.description, categories: i.categories, price: i.price },
      })),
    );
  }

  private *catalogFill(): Iterable<Candidate> {
    for (const item of this.catalog.all())
      yield { itemId: item.internalId, score: 0, source: 'catalog', reason: 'From our catalog' };
  }
}

/**
 * Weights that give the ranker a share, for a list whose ranker head the artifact lacks (training keeps only heads
 * that beat the linear blend): the ranker's share goes to the linear blend instead.
 */
function withRankerFallback(
  weights: Readonly<Record<string, number>>,
  model: ServingModel,
  req: ModelRankRequest,
  linear: readonly BlendSourceSpec[],
): Readonly<Record<string, number>> {
  const share = weights.ranker ?? 0;
  if (!(share > 0) || model.hasRankerHead(req.filter.excludePurchased ? 'new' : 'all')) return weights;
  const out: Record<string, number> = { ...weights, ranker: 0 };
  for (const b of linear) if (b.name !== 'ranker') out[b.name] = (out[b.name] ?? 0) + share * b.weight;
  return out;
}

/** Candidates MMR chooses the list from: enough to trade relevance for diversity, few enough to stay relevant. */
const mmrPoolSize = (limit: number): number => Math.max(limit * 3, limit + 10);

/**
 * Scores shown to clients: blended sums (z-scores can be negative or above 1) scaled by the best one into
 * [0, 1] and kept non-increasing down the list (diversity may reorder).
 */
function displayScores(list: readonly Candidate[]): number[] {
  const top = Math.max(0, ...list.map((c) => c.score));
  let previous = 1;
  return list.map((c) => {
    const scaled = top > 0 ? Math.max(0, Math.min(1, c.score / top)) : 0;
    previous = Math.min(previous, scaled);
    return Math.round(previous * 1e6) / 1e6;
  });
}
