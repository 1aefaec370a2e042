import type { BundleSourceName } from '../artifact/model-bundle.js';

/** Blend recipe names → the bundle's source names (the service's placement weights and the ranker use the latter). */
export const SOURCE_OF_RECIPE: Readonly<Record<string, BundleSourceName>> = {
  Popularity: 'popularity',
  ItemItem: 'item-item',
  RepeatPurchase: 'repeat',
  collaborative: 'collaborative',
  content: 'content',
  sequence: 'sequence',
};
