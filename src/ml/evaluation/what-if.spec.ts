import type { HoldoutSplit } from '../data/holdout-split.js';
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { WhatIfEngine } from './what-if.js';

// Two users over 4 items. User 0 bought item 0 and next buys items 0 (repeat) and 2 (new);
// user 1 bought item 1 and next buys item 3 (new).
const basket = (id: number, items: number[]) => ({ id, time: id, items, quantities: items.map(() => 1) });
const h0: UserHistory = { user: 0, baskets: [basket(1, [0])] };
const h1: UserHistory = { user: 1, baskets: [basket(2, [1])] };
const split: HoldoutSplit = {
  numItems: 4,
  train: [h0, h1],
  test: [
    { history: h0, target: basket(3, [0, 2]) },
    { history: h1, target: basket(4, [3]) },
  ],
};
const fixed = (name: string, rows: number[][]): Scorer => ({
  name,
  scoreUsers: (hs) => Float32Array.from(hs.flatMap((h) => rows[h.user])),
});
// "repeat" ranks each user's own item first; "discovery" ranks the right new item first.
const repeat = fixed('repeat', [
  [4, 1, 0, 0],
  [1, 4, 0, 0],
]);
const discovery = fixed('discovery', [
  [0, 1, 4, 2],
  [0, 1, 2, 4],
]);

describe('WhatIfEngine', () => {
  it('replays the held-out evaluation for any weights, without rescoring', async () => {
    const engine = await WhatIfEngine.prepare(split, [
      { name: 'repeat', scorer: repeat, normalisation: 'minmax' },
      { name: 'discovery', scorer: discovery, normalisation: 'minmax' },
    ]);
    expect(engine.users).toBe(2);
    const onlyDiscovery = engine.evaluate({ discovery: 1 });
    // user 0 ranks [2, 3, 1, 0]: hit at rank 1 (item 2) and rank 4 (item 0) → NDCG = (1 + 1/log2(5)) / (1 + 1/log2(3));
    // user 1 ranks [3, 2, 1, 0]: hit at rank 1 → 1.
    const u0 = (1 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(onlyDiscovery.ndcgAt10).toBeCloseTo((u0 + 1) / 2, 6);
    expect(onlyDiscovery.ndcgAt10New).toBeCloseTo(1, 6);
    expect(onlyDiscovery.recallAt10).toBeCloseTo(1, 6);
    expect(onlyDiscovery.coverageAt10).toBe(1);
    expect(onlyDiscovery.repeatShare).toBeCloseTo(2 / 8, 6); // each user's own item is in their (4-item) list
    const onlyRepeat = engine.evaluate({ repeat: 1 });
    // user 0 ranks item 0 first (hit), user 1 ranks item 1 first (miss): NDCG drops below discovery's
    expect(onlyRepeat.ndcgAt10).toBeLessThan(onlyDiscovery.ndcgAt10);
    expect(engine.evaluate({ repeat: 0, discovery: 2 })).toEqual(onlyDiscovery);
  });

  it('evaluates a group of users alone (a segment), counting only them', async () => {
    const engine = await WhatIfEngine.prepare(split, [
      { name: 'discovery', scorer: discovery, normalisation: 'minmax' },
    ]);
    const u0 = (1 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    const first = engine.evaluate({ discovery: 1 }, new Set([0]));
    expect(first.users).toBe(1);
    expect(first.ndcgAt10).toBeCloseTo(u0, 6);
    expect(first.repeatShare).toBeCloseTo(1 / 4, 6);
    expect(engine.evaluate({ discovery: 1 }, new Set([1])).ndcgAt10).toBeCloseTo(1, 6);
    expect(engine.countUsers(new Set([1, 7]))).toBe(1);
    const none = engine.evaluate({ discovery: 1 }, new Set([9]));
    expect(none).toMatchObject({ users: 0, ndcgAt10: 0 });
  });
});
