import type { CatalogItem } from '../../catalog/catalog-item.js';
import type { Candidate } from '../ranking/candidate.js';
import type { PurchasedItem } from '../ranking/baseline-scores.js';
import type { UserHistory } from '../../ml/dataset.js';
import type { ServingModel } from '../../ml/serving/serving-model.js';

/** The request's view of the served model (present only while a trained model serves). */
export interface ModelContext {
  model: ServingModel;
  /** The user's purchases as baskets in the model's index space (oldest first); null without a user or history. */
  history: UserHistory | null;
  /** PRODUCT: the seed item's index. */
  seed?: number;
  /** CART: the basket's item indices. */
  basket?: number[];
  /** Whether the list leaves out the user's own purchases (the learned ranker has a head for each case). */
  excludePurchased?: boolean;
  /** Filled by the ranker source while it scores: what explains each item it placed. */
  rankerAttribution?: { sourceOf(index: number): string };
}

/** What a source may look at. Built once per request by GatherCandidatesStage, shared by all sources. */
export interface SourceContext {
  /** Present for user recommendations; `purchases` is empty for an unknown user (cold start). */
  user?: { id: string; purchases: readonly PurchasedItem[] };
  /** Present for similarItems. */
  seedItem?: CatalogItem;
  /** CART: the basket's items (co-purchase sums over them). */
  seedItems?: readonly CatalogItem[];
  /** Present while a trained model serves, for `dense` only: list sources (`candidates`) never see it. */
  model?: ModelContext;
  /** Newest event time (ms), the "now" of time-based scores. */
  anchorMs: number | null;
  /** How many candidates a source should propose at most (filters may reject some). */
  budget: number;
}

/**
 * The one contract of every candidate source: the list sources (popular, trending, buy-again, co-purchase) and
 * the model sources (collaborative, content, sequence, repeat, popularity, item-item, ranker). Scores are on
 * the source's own scale: blending normalises them.
 */
export interface CandidateSource {
  readonly name: string;
  candidates(ctx: SourceContext): Promise<Candidate[]> | Candidate[];
  /**
   * Model sources also score every item of the served model's index space (null when they cannot for this
   * context), so the service can blend them over the whole catalog exactly as the weights were fitted offline.
   */
  dense?(ctx: SourceContext): ArrayLike<number> | null;
}

/** Nest token of the list of all sources (the registry's input). */
export const CANDIDATE_SOURCES = Symbol('CANDIDATE_SOURCES');
