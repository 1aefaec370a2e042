import type { Dataset, ItemFeatures } from '../dataset.js';
import { buildDataset } from './build-dataset.js';
import type { PurchaseEvent } from './purchase-event.js';

/** A catalog item's content, keyed by its external id. */
export interface CatalogItemFeatures extends ItemFeatures {
  externalId: string;
}

/**
 * The Dataset a training or evaluation run works on: items numbered by first purchase, then every
 * catalog item nobody bought yet appended (the content model can still recommend and relate them).
 */
export function buildCatalogDataset(events: PurchaseEvent[], catalog: readonly CatalogItemFeatures[]): Dataset {
  const features = new Map(catalog.map((c) => [c.externalId, c]));
  const dataset = buildDataset(events, { itemFeatures: features });
  const known = new Set(dataset.itemIds);
  for (const c of catalog) {
    if (known.has(c.externalId)) continue;
    dataset.itemIds.push(c.externalId);
    dataset.items.push({ title: c.title, description: c.description, categories: c.categories, price: c.price });
  }
  return dataset;
}
