import type { UserHistory } from '../dataset.js';
import { EaseScorer } from './ease-scorer.js';
import { ItemKnnScorer } from './item-knn-scorer.js';
import { PopularityScorer } from './popularity-scorer.js';
import { RepeatFrequencyScorer } from './repeat-frequency-scorer.js';

const h = (user: number, ...baskets: number[][]): UserHistory => ({
  user,
  baskets: baskets.map((items, id) => ({ id, time: id, items, quantities: items.map(() => 1) })),
});

// 4 items; users: {0,1}, {0,1,2}, {1,2}, {0} twice.
const train = [h(0, [0, 1]), h(1, [0], [1, 2]), h(2, [1, 2]), h(3, [0], [0])];
const data = { numItems: 4, histories: train };

describe('baselines', () => {
  it('popularity counts training baskets per item, the same for every user', () => {
    const s = PopularityScorer.fit(data).scoreUsers([h(-1), h(9, [3])]);
    expect([...s]).toEqual([4, 3, 2, 0, 4, 3, 2, 0]);
  });

  it("repeat frequency counts the user's own baskets per item", () => {
    expect([...new RepeatFrequencyScorer(4).scoreUsers([h(0, [0, 2], [0])])]).toEqual([2, 0, 1, 0]);
  });

  it('item-kNN sums cosine similarities of the history items (self excluded)', () => {
    // users per item: 0:{0,1,3} 1:{0,1,2} 2:{1,2} 3:{}; cos(0,1)=2/3, cos(0,2)=1/√6, cos(1,2)=2/√6
    const s = ItemKnnScorer.fit(data).scoreUsers([h(-1, [0])]);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(2 / 3, 6);
    expect(s[2]).toBeCloseTo(1 / Math.sqrt(6), 6);
    expect(s[3]).toBe(0);
    const one = ItemKnnScorer.fit(data, { neighbours: 1 }).scoreUsers([h(-1, [0])]);
    expect([...one].map((v) => +v.toFixed(6))).toEqual([0, +(2 / 3).toFixed(6), 0, 0]);
  });

  it('EASE matches the closed form on a tiny case, with a zero diagonal', async () => {
    // Two items always bought together by 2 users: G = [[2,2],[2,2]], λ = 1:
    // P = (G + I)⁻¹ = [[3,-2],[-2,3]]/5, B[0][1] = -P01/P11 = 2/3.
    const ease = await EaseScorer.fit({ numItems: 2, histories: [h(0, [0, 1]), h(1, [0, 1])] }, { lambda: 1 });
    const s = ease.scoreUsers([h(-1, [0]), h(-1, [1])]);
    expect([...s].map((v) => +v.toFixed(5))).toEqual([0, 0.66667, 0.66667, 0]);
  });

  it('EASE restricted to the most popular items scores the rest -Infinity', async () => {
    const ease = await EaseScorer.fit(data, { lambda: 1, maxItems: 2 });
    expect(ease.truncated).toBe(true);
    const s = ease.scoreUsers([h(-1, [0, 2])]);
    expect(s[2]).toBe(-Infinity);
    expect(s[3]).toBe(-Infinity);
    expect(Number.isFinite(s[1])).toBe(true);
  });
});
