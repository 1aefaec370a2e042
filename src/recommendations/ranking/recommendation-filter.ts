import { badInput } from '../../common/errors/domain-error.js';
import { parseExternalId } from '../../graphql/external-id.js';

export interface RecommendationFilterValues {
  excludePurchased?: boolean | null;
  categories?: readonly string[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  excludeItemIds?: readonly string[] | null;
}

/** A validated filter with defaults applied and lists sorted, so equal filters digest equally. */
export interface NormalizedFilter {
  excludePurchased: boolean;
  /** Lower-cased; null = any category. */
  categories: string[] | null;
  minPrice: number | null;
  maxPrice: number | null;
  /** External ids. */
  excludeItemIds: string[];
}

export const MAX_FILTER_CATEGORIES = 50;
export const MAX_FILTER_EXCLUDED_ITEMS = 500;

const price = (v: number | null | undefined, name: string): number | null => {
  if (v === null || v === undefined) return null;
  if (!Number.isFinite(v) || v < 0)
    throw badInput(`filter.${name} must be a finite number >= 0`, { argument: `filter.${name}` });
  return v;
};

export function normalizeFilter(input: RecommendationFilterValues | null | undefined): NormalizedFilter {
  const f = input ?? {};
  const minPrice = price(f.minPrice, 'minPrice');
  const maxPrice = price(f.maxPrice, 'maxPrice');
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) {
    throw badInput('filter.minPrice must not exceed filter.maxPrice', { argument: 'filter' });
  }
  let categories: string[] | null = null;
  if (f.categories) {
    if (f.categories.length > MAX_FILTER_CATEGORIES) {
      throw badInput(`filter.categories accepts at most ${MAX_FILTER_CATEGORIES} values`, {
        argument: 'filter.categories',
      });
    }
    categories = [...new Set(f.categories.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0))].sort();
    if (categories.length === 0)
      throw badInput('filter.categories must name at least one category', { argument: 'filter.categories' });
  }
  const excluded = f.excludeItemIds ?? [];
  if (excluded.length > MAX_FILTER_EXCLUDED_ITEMS) {
    throw badInput(`filter.excludeItemIds accepts at most ${MAX_FILTER_EXCLUDED_ITEMS} ids`, {
      argument: 'filter.excludeItemIds',
    });
  }
  const excludeItemIds = [...new Set(excluded.map((id) => parseExternalId(id, 'filter.excludeItemIds')))].sort();
  return { excludePurchased: f.excludePurchased ?? true, categories, minPrice, maxPrice, excludeItemIds };
}

/** The parts of an item the filter looks at. */
export interface FilterableItem {
  id: string;
  internalId: string;
  categories: readonly string[];
  price: number | null;
  available: boolean;
  isPlaceholder: boolean;
}

/**
 * The business rules every list obeys: never unavailable (or placeholder) items, never items the
 * caller excluded (explicitly, or as already purchased), categories and price range when given.
 * An item without a price fails any price bound.
 */
export function itemPredicate(
  filter: NormalizedFilter,
  excludedInternalIds: ReadonlySet<string>,
): (item: FilterableItem) => boolean {
  const excludedExternal = new Set(filter.excludeItemIds);
  const categories = filter.categories ? new Set(filter.categories) : null;
  return (item) => {
    if (!item.available || item.isPlaceholder) return false;
    if (excludedInternalIds.has(item.internalId) || excludedExternal.has(item.id)) return false;
    if (filter.minPrice !== null && (item.price === null || item.price < filter.minPrice)) return false;
    if (filter.maxPrice !== null && (item.price === null || item.price > filter.maxPrice)) return false;
    if (categories && !item.categories.some((c) => categories.has(c.toLowerCase()))) return false;
    return true;
  };
}
