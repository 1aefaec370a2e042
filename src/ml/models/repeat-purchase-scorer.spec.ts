import type { UserHistory } from '../dataset.js';
import { splitLastBasket } from '../data/holdout-split.js';
import { RepeatPurchaseScorer } from './repeat-purchase-scorer.js';

const DAY = 86_400_000;
const h = (user: number, ...baskets: [number, number[]][]): UserHistory => ({
  user,
  baskets: baskets.map(([day, items], id) => ({ id, time: day * DAY, items, quantities: items.map(() => 1) })),
});

describe('RepeatPurchaseScorer', () => {
  // Item 0 is re-bought by everyone, item 1 bought once by each, item 2 never; 3 items.
  const train = [h(0, [0, [0, 1]], [10, [0]]), h(1, [0, [0]], [10, [0, 1]]), h(2, [0, [1]])];
  const data = { numItems: 3, histories: train };

  it('plain frequency (no decay) ranks own items by basket count, above never-bought items', () => {
    const s = RepeatPurchaseScorer.fit(data, { halfLifeDays: Infinity, itemRepeatWeight: 0, needWeight: 0 });
    const out = s.scoreUsers([h(-1, [0, [1]], [5, [1, 0]], [9, [1]])]);
    expect(out[1]).toBeCloseTo(1 + 3, 4); // 3 baskets
    expect(out[0]).toBeCloseTo(1 + 1, 4);
    expect(out[2]).toBeLessThan(1e-5); // never bought: tiny popularity prior only
  });

  it('recency decay halves the weight of a purchase one half-life older than the last basket', () => {
    const s = RepeatPurchaseScorer.fit(data, { halfLifeDays: 10, itemRepeatWeight: 0, needWeight: 0 });
    const out = s.scoreUsers([h(-1, [0, [0]], [10, [1]])]);
    expect(out[1] - 1).toBeCloseTo(1, 4);
    expect(out[0] - 1).toBeCloseTo(0.5, 4);
  });

  it('fits the repurchase propensity: r_i = (repeaters + mean rate) / (buyers + 1)', () => {
    const s = RepeatPurchaseScorer.fit(data);
    // buyers: item0 = 2 (both repeat), item1 = 3 (none repeat); mean rate = 2 / 5
    expect(s.state.itemRepeatRate[0]).toBeCloseTo((2 + 0.4) / 3, 9);
    expect(s.state.itemRepeatRate[1]).toBeCloseTo(0.4 / 4, 9);
    expect(s.state.itemIntervalDays[0]).toBeCloseTo(10, 9);
  });

  it('BUY_AGAIN lists only items the user bought, best first, honouring exclusions', () => {
    const s = RepeatPurchaseScorer.fit(data, { halfLifeDays: 30, itemRepeatWeight: 1, needWeight: 0.5 });
    const history = h(-1, [0, [0, 1]], [10, [0]]);
    const list = s.buyAgain(history, 5, { now: 20 * DAY });
    expect(list.map((x) => x.item)).toEqual([0, 1]);
    expect(s.buyAgain(history, 5, { exclude: new Set([0]) }).map((x) => x.item)).toEqual([1]);
    expect(s.buyAgain(h(-1), 5)).toEqual([]);
  });

  it('fits its parameters on a validation split and answers for unseen users', async () => {
    const hs = [h(0, [0, [0]], [10, [0]], [20, [0]]), h(1, [0, [1]], [10, [1, 0]], [20, [1]]), h(2, [0, [2]])];
    const split = splitLastBasket(hs, 3);
    const { scorer, params } = await RepeatPurchaseScorer.fitOnValidation(splitLastBasket(split.train, 3), {
      numItems: 3,
      histories: split.train,
    });
    expect(params.halfLifeDays).toBeGreaterThan(0);
    expect(scorer.scoreUsers([h(-1, [0, [2]])])[2]).toBeGreaterThan(1);
  });
});
