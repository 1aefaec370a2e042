/** Where a list is shown: the storefront placements, shared by recommendations, settings, experiments and caps. */
export const PLACEMENTS = ['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'] as const;
export type PlacementName = (typeof PLACEMENTS)[number];
