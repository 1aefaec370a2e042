import type { Dataset, Interaction, ItemFeatures } from '../dataset.js';

/**
 * Re-indexes a dataset onto an artifact's item id map: items the artifact does not know are dropped
 * from the interactions (no model can score them), and item i is the artifact's item i.
 */
export function remapDatasetItems(dataset: Dataset, itemIds: readonly string[]): { dataset: Dataset; dropped: number } {
  const target = new Map(itemIds.map((id, i) => [id, i]));
  const oldToNew = dataset.itemIds.map((id) => target.get(id) ?? -1);
  const interactions: Interaction[] = [];
  let dropped = 0;
  for (const x of dataset.interactions) {
    const item = oldToNew[x.item];
    if (item < 0) dropped++;
    else interactions.push({ ...x, item });
  }
  const items: ItemFeatures[] = itemIds.map(() => ({ title: '', description: null, categories: [], price: null }));
  dataset.itemIds.forEach((_, old) => {
    if (oldToNew[old] >= 0) items[oldToNew[old]] = dataset.items[old];
  });
  return { dataset: { userIds: dataset.userIds, itemIds: [...itemIds], items, interactions }, dropped };
}
