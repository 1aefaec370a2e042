import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { BundleManifest } from '../ml/artifact/model-bundle.js';
import { buildCatalogDataset } from '../ml/data/catalog-dataset.js';
import { splitLastBasket, type HoldoutSplit } from '../ml/data/holdout-split.js';
import { remapDatasetItems } from '../ml/data/remap-dataset.js';
import { buildUserHistories } from '../ml/data/user-histories.js';
import { PurchaseHistoryRepository } from './purchase-history.repository.js';

export interface HeldOutData {
  split: HoldoutSplit;
  /** External id of each user index of the split. */
  userIds: readonly string[];
  /** Purchase lines of items the artifact does not know (the catalog grew since training). */
  dropped: number;
}

/**
 * Rebuilds an artifact's evaluation split from the database: the purchases of its data window,
 * items on its id map, its protocol's split. Shared by `tailor evaluate` and the what-if API.
 */
export async function loadHeldOutData(dataSource: DataSource, manifest: BundleManifest): Promise<HeldOutData | null> {
  const history = new PurchaseHistoryRepository(dataSource);
  const window = {
    since: manifest.dataWindow.from ? new Date(manifest.dataWindow.from) : undefined,
    until: manifest.dataWindow.to ? new Date(new Date(manifest.dataWindow.to).getTime() + 1) : undefined,
  };
  const [events, catalog] = await Promise.all([history.purchases(window), history.catalog()]);
  if (events.length === 0) return null;
  // The what-if service runs this beside requests: each synchronous step gets its own turn of the event loop.
  await nextTurn();
  const { dataset, dropped } = remapDatasetItems(buildCatalogDataset(events, catalog), manifest.itemIds);
  await nextTurn();
  const histories = buildUserHistories(dataset);
  await nextTurn();
  const split = splitLastBasket(histories, dataset.itemIds.length, {
    minBaskets: manifest.protocol.minBaskets,
  });
  return { split, userIds: dataset.userIds, dropped };
}
