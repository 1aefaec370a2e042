import type { Dataset } from '../src/ml/dataset.js';
import { buildDataset } from '../src/ml/data/build-dataset.js';
import type { PurchaseEvent } from '../src/ml/data/purchase-event.js';
import type { CatalogItemRow } from '../src/training-data/purchase-history.repository.js';

/**
 * The Dataset the job trains on: items numbered by first purchase, then every catalog item nobody
 * bought yet appended (the content model can still recommend and relate them).
 */
export function buildTrainingDataset(events: PurchaseEvent[], catalog: CatalogItemRow[]): Dataset {
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
