import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PopularityScorer } from '../baselines/popularity-scorer.js';
import { EaseScorer } from '../baselines/ease-scorer.js';
import { loadBundle, saveBundle, type BundleManifest, type ModelBundle } from '../artifact/model-bundle.js';
import type { UserHistory } from '../dataset.js';
import { ServingModel } from '../serving/serving-model.js';
import { ItemItemModel } from './item-item-model.js';
import { RepeatPurchaseScorer } from './repeat-purchase-scorer.js';
import { syntheticPurchases } from './testing/synthetic-purchases.js';

const h = (user: number, ...baskets: number[][]): UserHistory => ({
  user,
  baskets: baskets.map((items, id) => ({ id, time: id, items, quantities: items.map(() => 1) })),
});

describe('ItemItemModel (sparse EASE)', () => {
  it('keeps the k largest |B[i][j]| per row and sums the rows of the user’s distinct items', async () => {
    // Items 0 and 1 always together (2 users), item 2 alone (1 user), λ = 1:
    // G + λI = [[3,2,0],[2,3,0],[0,0,2]], P = [[3,-2,0],[-2,3,0],[0,0,2.5]]/5, B[0][1] = B[1][0] = 2/3, the rest 0.
    const data = { numItems: 3, histories: [h(0, [0, 1]), h(1, [0, 1]), h(2, [2])] };
    const { model, ease } = await ItemItemModel.fit(data, { lambda: 1, neighbours: 1 });
    expect(Array.from(model.table.ptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(model.table.idx.subarray(0, 2))).toEqual([1, 0]);
    expect(Array.from(model.table.weights.subarray(0, 2)).map((w) => +w.toFixed(5))).toEqual([0.66667, 0.66667]);
    // the same item bought twice counts once, as in EASE's binary X
    const s = model.scoreUsers([h(-1, [0], [0]), h(-1, [2])]);
    expect(Array.from(s).map((v) => +v.toFixed(5))).toEqual([0, 0.66667, 0, 0, 0, 0]);
    expect(Array.from(ease.scoreUsers([h(-1, [0])])).map((v) => +v.toFixed(5))).toEqual([0, 0.66667, 0]);
    expect(model.strongestLink([2, 0], 1)).toBe(0);
    expect(model.strongestLink([2], 1)).toBeUndefined();
  });

  it('with every neighbour kept it scores exactly as dense EASE; with fewer it keeps the strongest, signs included', async () => {
    const data = syntheticPurchases({ users: 60 });
    const ease = await EaseScorer.fit(data, { lambda: 5 });
    const full = ItemItemModel.fromEase(ease, { lambda: 5, neighbours: data.numItems, maxItems: 6000 });
    const users = data.histories.slice(0, 8);
    const dense = ease.scoreUsers(users);
    const sparse = full.scoreUsers(users);
    sparse.forEach((v, i) => expect(v).toBeCloseTo(dense[i], 5));
    const k = 5;
    const top = ItemItemModel.fromEase(ease, { lambda: 5, neighbours: k, maxItems: 6000 });
    const row = (i: number) => ease.scoreUsers([h(-1, [i])]);
    for (const i of [0, 17, 40]) {
      const b = row(i);
      const { ptr, idx, weights } = top.table;
      expect(ptr[i + 1] - ptr[i]).toBe(k);
      const kept = Array.from(idx.subarray(ptr[i], ptr[i + 1]));
      const byMagnitude = Array.from(b.keys())
        .filter((j) => j !== i)
        .sort((x, y) => Math.abs(b[y]) - Math.abs(b[x]));
      expect(new Set(kept)).toEqual(new Set(byMagnitude.slice(0, k)));
      kept.forEach((j, p) => expect(weights[ptr[i] + p]).toBeCloseTo(b[j], 6));
    }
  });

  it('finds the strongest link by binary search as a scan of the rows would', async () => {
    const data = syntheticPurchases({ users: 60 });
    const ease = await EaseScorer.fit(data, { lambda: 5 });
    const model = ItemItemModel.fromEase(ease, { lambda: 5, neighbours: 10, maxItems: 6000 });
    const { ptr, idx, weights } = model.table;
    const scan = (items: number[], item: number) => {
      let best: number | undefined;
      let bestWeight = 0;
      for (const i of items)
        for (let p = ptr[i]; p < ptr[i + 1]; p++)
          if (idx[p] === item && weights[p] > bestWeight) [best, bestWeight] = [i, weights[p]];
      return best;
    };
    const items = [3, 11, 0, 25, 7, 40, 19];
    let linked = 0;
    for (let item = 0; item < data.numItems; item++) {
      const expected = scan(items, item);
      if (expected !== undefined) linked++;
      expect(model.strongestLink(items, item)).toBe(expected);
    }
    expect(linked).toBeGreaterThan(5);
  });

  it('travels in the bundle (save → load gives identical scores) and ServingModel serves it', async () => {
    const data = syntheticPurchases({ users: 40 });
    const { model } = await ItemItemModel.fit(data, { lambda: 5, neighbours: 10 });
    const manifest = {
      formatVersion: 1,
      version: 'test',
      itemIds: Array.from({ length: data.numItems }, (_, i) => `I${i}`),
      modelTypes: ['repeat', 'popularity', 'item-item'],
      hyperParameters: {},
      blend: [],
    } as unknown as BundleManifest;
    const bundle: ModelBundle = {
      manifest,
      models: {},
      repeat: RepeatPurchaseScorer.fit(data),
      popularity: PopularityScorer.fit(data),
      itemItem: model,
    };
    const dir = await mkdtemp(join(tmpdir(), 'tailor-item-item-'));
    try {
      await saveBundle(dir, bundle);
      const loaded = await loadBundle(dir);
      expect(loaded.itemItem?.params).toEqual(model.params);
      const users = [...data.histories.slice(0, 5), h(-1, [3, 4])];
      expect(Array.from(loaded.itemItem!.scoreUsers(users))).toEqual(Array.from(model.scoreUsers(users)));
      const serving = ServingModel.load(loaded);
      expect(serving.has('item-item')).toBe(true);
      expect(Array.from(serving.scoreUser(users[0], 'item-item'))).toEqual(Array.from(model.scoreUsers([users[0]])));
      expect(ServingModel.load({ ...bundle, itemItem: undefined }).has('item-item')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
