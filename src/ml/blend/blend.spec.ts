import type { UserHistory } from '../dataset.js';
import type { HeldOutCase } from '../data/holdout-split.js';
import type { Scorer } from '../scorer.js';
import { BlendScorer } from './blend-scorer.js';
import { blendScores } from './blend-scores.js';
import { fitBlendWeights } from './fit-blend-weights.js';
import { normaliseRow } from './score-normalisation.js';

describe('score normalisation', () => {
  it('zscore, minmax and rank on a hand-computed row', () => {
    // mean 2, population std √(2/3)
    const z = normaliseRow([1, 2, 3], 'zscore');
    const sd = Math.sqrt(2 / 3);
    expect([...z]).toEqual([-1 / sd, 0, 1 / sd].map((v) => expect.closeTo(v, 6)));
    expect([...normaliseRow([1, 2, 3], 'minmax')]).toEqual([0, 0.5, 1]);
    const r = normaliseRow([5, 9, 7], 'rank');
    expect([...r]).toEqual([1 / 63, 1 / 61, 1 / 62].map((v) => expect.closeTo(v, 7)));
  });

  it('treats -Infinity as no evidence (the row minimum) and constant rows as zeros', () => {
    expect([...normaliseRow([-Infinity, 2, 4], 'minmax')]).toEqual([0, 0, 1]);
    expect([...normaliseRow([3, 3], 'zscore')]).toEqual([0, 0]);
  });
});

describe('blendScores', () => {
  it('sums weighted normalised vectors: 1·minmax([0,5,10]) + 2·minmax([4,2,0])', () => {
    const out = blendScores(
      [
        [0, 5, 10],
        [4, 2, 0],
      ],
      [
        { weight: 1, normalisation: 'minmax' },
        { weight: 2, normalisation: 'minmax' },
      ],
    );
    expect([...out]).toEqual([2, 1.5, 1]);
    expect(() => blendScores([[1]], [])).toThrow();
  });

  it('BlendScorer applies blendScores per user row', async () => {
    const a: Scorer = {
      name: 'a',
      scoreUsers: (hs: UserHistory[]) => new Float32Array(hs.length * 3).map((_, i) => i % 3),
    };
    const b: Scorer = {
      name: 'b',
      scoreUsers: (hs: UserHistory[]) => new Float32Array(hs.length * 3).map((_, i) => 2 - (i % 3)),
    };
    const blend = new BlendScorer([
      { name: 'a', weight: 3, normalisation: 'minmax', scorer: a },
      { name: 'b', weight: 1, normalisation: 'minmax', scorer: b },
    ]);
    expect([
      ...(await blend.scoreUsers([
        { user: 0, baskets: [] },
        { user: 1, baskets: [] },
      ])),
    ]).toEqual([1, 2, 3, 1, 2, 3]);
  });
});

describe('fitBlendWeights', () => {
  it('finds that mixing two complementary sources beats either alone', () => {
    // 4 items, 2 validation users. Source A knows user 0's target (item 1), source B knows user 1's (item 3).
    const basket = (id: number, items: number[]) => ({ id, time: id, items, quantities: items.map(() => 1) });
    const cases: HeldOutCase[] = [
      { history: { user: 0, baskets: [basket(0, [0])] }, target: basket(1, [1]) },
      { history: { user: 1, baskets: [basket(2, [0])] }, target: basket(3, [3]) },
    ];
    const A = Float32Array.from([0, 2, 0, 0, /* user 1 */ 0, 0, 1, 0]);
    const B = Float32Array.from([0, 0, 1, 0, /* user 1 */ 0, 0, 0, 2]);
    const metric = { id: 'ndcg@1', name: 'ndcg' as const, k: 1 };
    const fitted = fitBlendWeights([A, B], cases, 4, { metric, grid: [0, 0.5, 1, 2] });
    expect(fitted.singleSource).toEqual([0.5, 0.5]);
    expect(fitted.score).toBe(1);
    expect(fitted.weights[0]).toBeGreaterThan(0);
    expect(fitted.weights[1]).toBeGreaterThan(0);
  });
});
