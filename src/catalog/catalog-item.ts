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

/** Whether two loads of an item hold the same values (every field; attributes compared as JSON). */
export function sameItem(a: CatalogItem, b: CatalogItem): boolean {
  return (
    a.internalId === b.internalId &&
    a.id === b.id &&
    a.title === b.title &&
    a.description === b.description &&
    a.price === b.price &&
    a.available === b.available &&
    a.isPlaceholder === b.isPlaceholder &&
    a.categories.length === b.categories.length &&
    a.categories.every((c, i) => c === b.categories[i]) &&
    JSON.stringify(a.attributes) === JSON.stringify(b.attributes)
  );
}
