/** One catalog item as the service holds it in memory. `id` is the external id (the API's id). */
export interface CatalogItem {
  /** items.id, as text (bigint). Never shown to clients. */
  internalId: string;
  id: string;
  title: string;
  description: string | null;
  categories: string[];
  price: number | null;
  available: boolean;
  attributes: Record<string, unknown>;
  /** Created by an event for an item the catalog did not know: never recommended. */
  isPlaceholder: boolean;
}

/** Whether an item may appear in any recommendation list. */
export const isRecommendable = (item: CatalogItem): boolean => item.available && !item.isPlaceholder;
