import { isRecommendable, type CatalogItem } from '../catalog/catalog-item.js';
import { DecodedTextMemo } from '../common/decoded-text-memo.js';
import type { RecommendationListView, RecommendationView } from './recommendation-view.js';

/** A list as stored in the cache: item ids instead of items (the catalog snapshot supplies those). */
interface CachedList {
  m: string | null;
  c: boolean;
  i: [string, number, string, string | null, string | null][];
}

/** A cache hit rehydrated: everything but the per-response request id and `personalized` (only personalised lists are cached). */
export type RehydratedList = Omit<RecommendationListView, 'requestId' | 'personalized'>;

/** What rehydration reads from the catalog snapshot. */
export interface CatalogLookup {
  byExternalId(id: string): CatalogItem | undefined;
  /** Changes identity whenever a lookup could answer differently (CatalogSnapshotService.all()). */
  all(): readonly CatalogItem[];
}

/**
 * Encodes ranked lists for the per-user cache and decodes hits. A hit is decoded (JSON parse, one
 * catalog lookup per item) once per cached text and catalog snapshot: the cache hands back the same
 * text for every hit of a list until it changes, so repeated hits reuse the decoded items instead of
 * parsing and looking them up again. A list holding an item that is gone or no longer recommendable
 * decodes to null (the caller ranks again). The decoded items are shared between responses, so they
 * are never mutated.
 */
export class CachedListCodec {
  private readonly decoded: DecodedTextMemo<RehydratedList | null>;

  constructor(
    private readonly catalog: CatalogLookup,
    maxDecoded = 4096,
  ) {
    this.decoded = new DecodedTextMemo(maxDecoded);
  }

  encode(list: RecommendationListView): string {
    const payload: CachedList = {
      m: list.modelVersion,
      c: list.coldStart,
      i: list.items.map((r) => [r.item.id, r.score, r.source, r.reason, r.anchorItem?.id ?? null]),
    };
    return JSON.stringify(payload);
  }

  decode(raw: string): RehydratedList | null {
    return this.decoded.get(raw, (text) => this.parse(text), this.catalog.all());
  }

  private parse(raw: string): RehydratedList | null {
    let payload: CachedList;
    try {
      payload = JSON.parse(raw) as CachedList;
    } catch {
      return null;
    }
    const items: RecommendationView[] = [];
    for (const [id, score, source, reason, anchor] of payload.i) {
      const item = this.catalog.byExternalId(id);
      const anchorItem = anchor ? (this.catalog.byExternalId(anchor) ?? null) : null;
      if (!item || !isRecommendable(item)) return null;
      items.push({ item, score, source, reason, anchorItem });
    }
    return { items, modelVersion: payload.m, cached: true, coldStart: payload.c };
  }
}
