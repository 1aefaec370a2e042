// Small in-memory stand-ins for the recommendation pipeline's collaborators, for unit specs of its stages.
import type { CatalogItem } from '../../src/catalog/catalog-item.js';
import type { Candidate } from '../../src/recommendations/ranking/candidate.js';
import type { ServingModel } from '../../src/ml/serving/serving-model.js';
import type { ModelCandidates } from '../../src/recommendations/pipeline/gather-candidates.stage.js';
import { itemPredicate, normalizeFilter } from '../../src/recommendations/ranking/recommendation-filter.js';
import type { RequestContext } from '../../src/recommendations/pipeline/request-context.js';

/** Catalog item `n`: internal id `n`, external id `i<n>`, category `c<n % 2>`. */
export function catalogItem(n: number, over: Partial<CatalogItem> = {}): CatalogItem {
  return {
    internalId: String(n),
    id: `i${n}`,
    title: `Item ${n}`,
    description: null,
    categories: [`c${n % 2}`],
    price: 10,
    available: true,
    attributes: {},
    isPlaceholder: false,
    ...over,
  };
}

/** The catalog snapshot and the catalog service's item lookups over a fixed list of items. */
export class FakeCatalog {
  private readonly items: CatalogItem[];

  constructor(items: CatalogItem[]) {
    this.items = items;
  }

  all(): readonly CatalogItem[] {
    return this.items;
  }

  byInternalId(id: string): CatalogItem | undefined {
    return this.items.find((i) => i.internalId === id);
  }

  byExternalId(id: string): CatalogItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  findItem(id: string): Promise<CatalogItem | null> {
    return Promise.resolve(this.byExternalId(id) ?? null);
  }

  findItems(ids: readonly string[]): Promise<Map<string, CatalogItem>> {
    const found = ids.map((id) => this.byExternalId(id)).filter((i): i is CatalogItem => !!i);
    return Promise.resolve(new Map(found.map((i) => [i.id, i])));
  }
}

export const candidate = (itemId: string, score: number, source = 'popular', anchorItemId?: string): Candidate => ({
  itemId,
  score,
  source,
  reason: `because ${source}`,
  ...(anchorItemId ? { anchorItemId } : {}),
});

/** A popularity snapshot whose recent and all-time lists are the given candidates. */
export function fakePopularity(popular: Candidate[] = [], popularAllTime: Candidate[] = [], anchorMs = 1000) {
  return { get: () => ({ version: 1, anchorMs, popular, trending: [], popularAllTime }) };
}

/** A context for a shopper's HOME list without a model, with the given overrides. */
export function requestContext(over: Partial<RequestContext> = {}): RequestContext & { released: number } {
  const ctx = {
    subject: { kind: 'user' as const },
    placement: 'HOME' as const,
    limit: 3,
    filter: normalizeFilter(undefined),
    userId: 'u1',
    assignment: null,
    weights: null,
    capped: new Set<string>(),
    served: null,
    cacheField: null,
    preview: false,
    anchorMs: 1000,
    budget: 65,
    personalized: true,
    released: 0,
    release() {
      ctx.released++;
    },
    ...over,
  };
  return ctx;
}

/** Candidates gathered over a fake model of `items.length` indices (index i = items[i]), no sources yet. */
export function modelCandidates(
  items: CatalogItem[],
  over: {
    seed?: number;
    basket?: number[];
    dense?: { name: string; scores: number[] }[];
    excluded?: string[];
    vectors?: ItemVectorsLike;
    rankerSourceOf?: (index: number) => string;
  } = {},
): ModelCandidates {
  const model = {
    version: 'v1',
    numItems: items.length,
    totalItems: items.length,
    vectors: () => over.vectors,
    itemItemAnchor: (anchors: readonly number[]) => anchors[0],
  } as unknown as ServingModel;
  const excluded = new Set(over.excluded ?? []);
  const accepts = itemPredicate(normalizeFilter(undefined), excluded);
  return {
    kind: 'model',
    coldStart: false,
    excluded,
    accepts,
    space: {
      snapshot: { model, catalog: items, itemAt: items },
      model,
      history: null,
      seed: over.seed,
      basket: over.basket,
      sources: {
        model,
        history: null,
        ...(over.rankerSourceOf ? { rankerAttribution: { sourceOf: over.rankerSourceOf } } : {}),
      },
      accept: (i) => items[i] !== undefined && accepts(items[i]),
    },
    dense: (over.dense ?? []).map((d) => ({ ...d, weight: 1, normalisation: 'minmax' as const })),
    sparse: [],
  };
}

type ItemVectorsLike = ReturnType<ServingModel['vectors']>;
