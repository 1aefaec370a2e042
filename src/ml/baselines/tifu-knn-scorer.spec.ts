import type { UserHistory } from '../dataset.js';
import { splitLastBasket } from '../data/holdout-split.js';
import { DEFAULT_TIFU_KNN_PARAMS, historyVector, TifuKnnScorer, type TifuKnnJsonState } from './tifu-knn-scorer.js';

const h = (user: number, ...baskets: number[][]): UserHistory => ({
  user,
  baskets: baskets.map((items, id) => ({ id, time: id, items, quantities: items.map(() => 1) })),
});
const rounded = (xs: ArrayLike<number>) => Array.from(xs, (x) => +x.toFixed(6));

// m = 1, r_b = r_g = 1: v_u is the plain mean of the user's baskets, so the cosines below are easy by hand.
const flat = { groupSize: 1, withinDecay: 1, groupDecay: 1 };
// A (0): (1,1,0)  B (1): (1,0,0)  C (2): (0,0,1)  D (3): ½[1] + ½[2] = (0,½,½)
const train = [h(0, [0, 1]), h(1, [0]), h(2, [2]), h(3, [1], [2])];
const data = { numItems: 3, histories: train };

describe('TifuKnnScorer', () => {
  it('decays baskets within a group and groups across the history; the most recent group holds the remainder', () => {
    // m = 2, r_b = r_g = ½, baskets [0] [1] [0,2]: groups {[0],[1]} and {[0,2]}, G = 2
    // v_g1 = ½(½·[0] + [1]) = (¼, ½, 0);  v_g2 = [0,2] = (1, 0, 1)
    // v_u = ½(½·v_g1 + v_g2) = (0.5625, 0.125, 0.5)
    const v = historyVector(h(0, [0], [1], [0, 2, 2]), 3, { groupSize: 2, withinDecay: 0.5, groupDecay: 0.5 });
    expect([...v.items]).toEqual([0, 1, 2]);
    expect(rounded(v.values)).toEqual([0.5625, 0.125, 0.5]);
    expect(historyVector(h(-1), 3, flat).items.length).toBe(0);
  });

  it("mixes the user's own vector with the mean of the k most cosine-similar other users", () => {
    // query A = (1,1,0), |A| = √2: cos(A,B) = 1/√2, cos(A,D) = ½/(√2·√½) = ½, cos(A,C) = 0; A itself left out
    const one = TifuKnnScorer.fit(data, { ...flat, neighbours: 1, alpha: 0.5 });
    expect(rounded(one.scoreParts([train[0]]).neighbours)).toEqual([1, 0, 0]); // B
    expect(rounded(one.scoreUsers([train[0]]))).toEqual([1, 0.5, 0]);
    const two = TifuKnnScorer.fit(data, { ...flat, neighbours: 2, alpha: 0.5 });
    const parts = two.scoreParts([train[0]]);
    expect(rounded(parts.personal)).toEqual([1, 1, 0]);
    expect(rounded(parts.neighbours)).toEqual([0.5, 0.25, 0.25]); // mean of B and D; C shares nothing
    expect(rounded(two.scoreUsers([train[0]]))).toEqual([0.75, 0.625, 0.125]);
  });

  it('keeps a training user among their own neighbours only when excludeSelf is off', () => {
    const self = TifuKnnScorer.fit(data, { ...flat, neighbours: 1, excludeSelf: false });
    expect(rounded(self.scoreParts([train[0]]).neighbours)).toEqual([1, 1, 0]); // A itself, cosine 1
  });

  it('scores an unseen user (-1) from their history alone, and an empty history as all zeros', () => {
    // query (0,0,1): cos C = 1, cos D = ½/√½ ≈ 0.71, mean of C and D = (0, ¼, ¾)
    const s = TifuKnnScorer.fit(data, { ...flat, neighbours: 2, alpha: 0.5 });
    const parts = s.scoreParts([h(-1, [2]), h(-1)]);
    expect(rounded(parts.neighbours)).toEqual([0, 0.25, 0.75, 0, 0, 0]);
    expect(rounded(parts.personal)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('finds the same neighbours as a brute-force cosine scan, ties to the earlier training user', () => {
    // 60 random users over 8 items: many equal cosines, so the selection's tie rule is exercised
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) % 1000) / 1000;
    const users = Array.from({ length: 60 }, (_, u) =>
      h(
        u,
        ...Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
          [0, 1, 2, 3, 4, 5, 6, 7].filter(() => rand() < 0.3),
        ),
      ),
    );
    const numItems = 8;
    const k = 5;
    const s = TifuKnnScorer.fit({ numItems, histories: users }, { ...flat, neighbours: k });
    const vectors = users.map((u) => {
      const v = historyVector(u, numItems, flat);
      const dense = new Array<number>(numItems).fill(0);
      v.items.forEach((i, e) => (dense[i] = v.values[e]));
      return dense;
    });
    // the model stores training vectors as float32: the scan does too, so equal cosines stay exactly equal
    const stored = vectors.map((v) => v.map(Math.fround));
    const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    const parts = s.scoreParts(users);
    users.forEach((_, q) => {
      const ranked = stored
        .map((v, r) => ({ r, sim: v.reduce((a, x, i) => a + vectors[q][i] * x, 0) / norm(v) }))
        .filter((c) => c.r !== q && c.sim > 0)
        .sort((a, b) => b.sim - a.sim || a.r - b.r)
        .slice(0, k);
      const expected = new Array<number>(numItems).fill(0);
      for (const c of ranked) stored[c.r].forEach((x, i) => (expected[i] += x / ranked.length));
      expect(rounded(parts.neighbours.subarray(q * numItems, (q + 1) * numItems))).toEqual(rounded(expected));
    });
  });

  it('round-trips through its state (typed or JSON) with identical scores', () => {
    const s = TifuKnnScorer.fit(data, { groupSize: 2, withinDecay: 0.8, groupDecay: 0.6, neighbours: 2 });
    const state = s.toState();
    const json = JSON.parse(
      JSON.stringify({
        ...state,
        users: [...state.users],
        ptr: [...state.ptr],
        items: [...state.items],
        values: [...state.values],
      }),
    ) as TifuKnnJsonState;
    for (const restored of [TifuKnnScorer.fromState(state), TifuKnnScorer.fromState(json)]) {
      expect([...restored.scoreUsers(train)]).toEqual([...s.scoreUsers(train)]);
      expect(restored.params).toEqual(s.params);
    }
  });

  it('tunes on validation per setting: own items win when shoppers only rebuy', async () => {
    // 12 users, each rebuying their own two items: the own vector (α = 1) is perfect on 'all'
    const histories = Array.from({ length: 12 }, (_, u) => h(u, [2 * u, 2 * u + 1], [2 * u], [2 * u + 1], [2 * u]));
    const full = { numItems: 24, histories };
    const validation = splitLastBasket(splitLastBasket(histories, 24).train, 24);
    const tuned = await TifuKnnScorer.tune(validation, full, {
      groupSize: [2],
      withinDecay: [1],
      groupDecay: [1],
      neighbours: [5],
      alpha: [0, 1],
    });
    expect(tuned.all.params.alpha).toBe(1);
    // validation basket [2u+1] after [2u, 2u+1] [2u]: one group, v = (2u: 1, 2u+1: ½), the target ranks 2nd
    expect(tuned.all.validationScore).toBeCloseTo(1 / Math.log2(3), 6);
    // no validation basket holds a new item: nothing to choose on, the defaults stay
    expect(tuned.new.validationScore).toBeNaN();
    expect(tuned.new.params).toEqual(DEFAULT_TIFU_KNN_PARAMS);
    expect(tuned.all.scorer.params).toEqual(tuned.all.params);
  });
});
