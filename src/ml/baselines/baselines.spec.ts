import type { UserHistory } from '../dataset.js';
import { EaseScorer } from './ease-scorer.js';
import { ItemKnnScorer } from './item-knn-scorer.js';
import { splitLastBasket } from '../data/holdout-split.js';
import { halfLifeOf, PopularityScorer } from './popularity-scorer.js';
import { PersonalTopFrequencyScorer } from './personal-top-frequency-scorer.js';
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

  it('popularity with a half-life weighs each basket 2^(−age / half-life), age from the latest basket', () => {
    const day = 86_400_000;
    const at = (user: number, t: number, items: number[]) => ({
      user,
      baskets: [{ id: user, time: t * day, items, quantities: items.map(() => 1) }],
    });
    // item 0 bought 10 and 20 days before the latest basket, item 1 at the latest basket: 0.5 + 0.25 vs 1
    const pop = PopularityScorer.fit(
      { numItems: 2, histories: [at(0, 0, [0]), at(1, 10, [0]), at(2, 20, [1])] },
      { halfLifeDays: 10 },
    );
    expect([...pop.counts].map((v) => +v.toFixed(6))).toEqual([0.75, 1]);
    expect(pop.name).toBe('Pop(half-life 10 d)');
    expect(halfLifeOf(null)).toBe(Infinity); // as stored in JSON manifests
  });

  it('popularity fitted on validation decays when recent sales predict the next baskets, not otherwise', async () => {
    const day = 86_400_000;
    // 20 users. Item 0, the old best-seller, was bought long ago by users 10-19; item 1 lately by users 0-3 only.
    // Every user's next basket is `next`: the trend (item 1) or the old best-seller (item 0).
    const basket = (id: number, days: number, items: number[]) => ({
      id,
      time: days * day,
      items,
      quantities: items.map(() => 1),
    });
    const users = (next: number) =>
      Array.from({ length: 20 }, (_, u) => ({
        user: u,
        baskets: [
          basket(3 * u, 10, u >= 10 ? [0, 2 + (u % 3)] : [2 + (u % 3)]),
          basket(3 * u + 1, 100 + u, [u < 4 ? 1 : 5 + (u % 3)]),
          basket(3 * u + 2, 130 + u, [next]),
        ],
      }));
    const fit = async (next: number) => {
      const data = { numItems: 8, histories: users(next) };
      const split = splitLastBasket(data.histories, 8);
      const fitted = await PopularityScorer.fitOnValidation(split, data, { grid: [Infinity, 14] });
      expect(fitted.validationScore).toBeGreaterThan(0); // users who had not bought `next` count
      return fitted.halfLifeDays;
    };
    expect(await fit(1)).toBe(14);
    expect(await fit(0)).toBe(Infinity);
  });

  it("repeat frequency counts the user's own baskets per item", () => {
    expect([...new RepeatFrequencyScorer(4).scoreUsers([h(0, [0, 2], [0])])]).toEqual([2, 0, 1, 0]);
  });

  it('P-TopFreq counts own baskets (a repeated line once); GP-TopFreq fills with popularity below them', () => {
    const p = PersonalTopFrequencyScorer.fit(data);
    expect(p.name).toBe('P-TopFreq');
    expect([...p.scoreUsers([h(0, [2, 2], [2, 1])])]).toEqual([0, 1, 2, 0]);
    // popularity [4, 3, 2, 0], max 4: fill = pop / 5 = [0.8, 0.6, 0.4, 0]
    const gp = PersonalTopFrequencyScorer.fit(data, 'global-fill');
    expect(gp.name).toBe('GP-TopFreq');
    expect([...gp.scoreUsers([h(0, [2]), h(-1)])].map((v) => +v.toFixed(6))).toEqual([
      0.8, 0.6, 1.4, 0, 0.8, 0.6, 0.4, 0,
    ]);
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
