import type { CatalogItem } from '../../catalog/catalog-item.js';
import type { Candidate } from '../ranking/candidate.js';
import type { PurchasedItem } from '../ranking/popularity.js';

/** What a source may look at. Loaded once per request by the service, shared by all sources. */
export interface SourceContext {
  /** Present for user recommendations; `purchases` is empty for an unknown user (cold start). */
  user?: { id: string; purchases: readonly PurchasedItem[] };
  /** Present for similarItems. */
  seedItem?: CatalogItem;
  /** Newest event time (ms), the "now" of time-based scores. */
  anchorMs: number | null;
  /** How many candidates a source should propose at most (filters may reject some). */
  budget: number;
}

/**
 * The one contract of every candidate source (popular, trending, buy-again, co-purchase; later
 * collaborative, content, sequence). Scores are on the source's own scale: blending normalises them.
 */
export interface CandidateSource {
  readonly name: string;
  candidates(ctx: SourceContext): Promise<Candidate[]> | Candidate[];
}

/** Nest token of the list of all sources (the registry's input). */
export const CANDIDATE_SOURCES = Symbol('CANDIDATE_SOURCES');
