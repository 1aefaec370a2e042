// Small synthetic purchase data for model specs: `clusters` groups of items; each user buys from one group,
// in a fixed cyclic order within the group (so next items are predictable). Titles name the group.
import type { ItemFeatures, UserHistory } from '../../dataset.js';
import { SeededRandom } from '../shared/seeded-random.js';

export interface SyntheticPurchases {
  numItems: number;
  items: ItemFeatures[];
  histories: UserHistory[];
  clusterOf: (item: number) => number;
}

export function syntheticPurchases(opts: { clusters?: number; itemsPerCluster?: number; users?: number; baskets?: number; basketSize?: number; seed?: number } = {}): SyntheticPurchases {
  const clusters = opts.clusters ?? 4;
  const per = opts.itemsPerCluster ?? 12;
  const users = opts.users ?? 80;
  const baskets = opts.baskets ?? 4;
  const size = opts.basketSize ?? 3;
  const rng = new SeededRandom(opts.seed ?? 7);
  const colours = ['RED', 'BLUE', 'GREEN', 'GOLD', 'PINK', 'GREY'];
  const kinds = ['MUG', 'CANDLE', 'BAG', 'CARD'];
  const numItems = clusters * per;
  const items: ItemFeatures[] = Array.from({ length: numItems }, (_, i) => ({
    title: `${colours[Math.floor(i / per) % colours.length]} ${kinds[i % kinds.length]} ${i}`,
    description: null,
    categories: [`group-${Math.floor(i / per)}`],
    price: 1 + (i % 5),
  }));
  const histories: UserHistory[] = [];
  let basketId = 0;
  for (let u = 0; u < users; u++) {
    const c = u % clusters;
    let pos = rng.int(per);
    const list = [];
    for (let b = 0; b < baskets; b++) {
      const its: number[] = [];
      for (let k = 0; k < size; k++) {
        its.push(c * per + (pos % per));
        pos += 1 + (rng.next() < 0.2 ? 1 : 0);
      }
      const unique = [...new Set(its)];
      list.push({ id: basketId++, time: b * 1000, items: unique, quantities: unique.map(() => 1) });
    }
    histories.push({ user: u, baskets: list });
  }
  return { numItems, items, histories, clusterOf: (i) => Math.floor(i / per) };
}

/** Share of each user's top-k items that lie in the user's cluster. */
export function topKClusterPrecision(scores: Float32Array, numItems: number, clustersOfUsers: number[], clusterOf: (i: number) => number, k = 5): number {
  let hits = 0;
  clustersOfUsers.forEach((c, u) => {
    const row = Array.from(scores.subarray(u * numItems, (u + 1) * numItems));
    const top = row.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k);
    hits += top.filter(([, i]) => clusterOf(i) === c).length;
  });
  return hits / (clustersOfUsers.length * k);
}
