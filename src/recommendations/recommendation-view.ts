import type { CatalogItem } from '../catalog/catalog-item.js';

/** One recommended item with its explanation, as every use case returns it. */
export interface RecommendationView {
  item: CatalogItem;
  score: number;
  source: string;
  reason: string | null;
  /** The purchase, seed or basket item this recommendation relates to; null when there is none. */
  anchorItem: CatalogItem | null;
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
