import { blendScores } from '../blend/blend-scores.js';
import { blendCandidates } from './blend-candidates.js';
import { categoryCap, mmrRerank, topAccepted } from './candidate-selection.js';
import { addNormalised, normalisedAt, rowNormaliser } from './dense-blend.js';
import { reasonFor, recentItems, repeatStats } from './explanations.js';
import { bestAnchor, cosineRow, itemVectors, scoreAgainstTable, transpose } from './item-vectors.js';

describe('dense blend (serving)', () => {
  const a = Float32Array.from([3, 1, -Infinity, 7, 2, 2]);
  const b = Float32Array.from([0.1, 0.5, 0.2, 0.05, 0.9, 0.3]);

  it.each(['zscore', 'minmax', 'rank'] as const)(
    'accumulates exactly what blendScores computes offline (%s)',
    (method) => {
      const sources = [
        { weight: 0.7, normalisation: method },
        { weight: 1.3, normalisation: 'zscore' as const },
      ];
      const offline = blendScores([a, b], sources);
      const acc = new Float32Array(6);
      addNormalised(acc, a, 0.7, rowNormaliser(a, method));
      addNormalised(acc, b, 1.3, rowNormaliser(b, 'zscore'));
      for (let i = 0; i < 6; i++) expect(acc[i]).toBeCloseTo(offline[i], 5);
    },
  );

  it('normalises by hand-computed statistics, counts non-finite and out-of-row entries as the row minimum', () => {
    const row = [1, 3, -Infinity];
    const mm = rowNormaliser(row, 'minmax');
    expect(normalisedAt(row, 1, mm)).toBe(1);
    expect(normalisedAt(row, 2, mm)).toBe(0);
    expect(normalisedAt(row, 7, mm)).toBe(0);
    const z = rowNormaliser(row, 'zscore'); // mean 2, std 1
    expect(normalisedAt(row, 0, z)).toBeCloseTo(-1, 6);
    const acc = new Float32Array(4);
    addNormalised(acc, row, 2, z);
    expect(Array.from(acc)).toEqual([-2, 2, -2, -2]);
    expect(rowNormaliser([5, 5], 'zscore').flat).toBe(true);
  });

  it('takes the floor for a non-finite entry past the measured prefix of an otherwise finite row', () => {
    const row = [1, 3, NaN];
    const z = rowNormaliser(row, 'zscore', 2); // the first two only: mean 2, std 1, all finite
    expect(z.allFinite).toBe(true);
    const acc = new Float32Array(3);
    addNormalised(acc, row, 2, z);
    expect(Array.from(acc)).toEqual([-2, 2, -2]);
  });
});

describe('blendCandidates', () => {
  it('adds dense and sparse evidence, respects the rules and attributes each item to its largest contribution', () => {
    const dense = [{ name: 'collaborative', scores: [0, 10, 0, 0, 0], weight: 1, normalisation: 'minmax' as const }];
    const sparse = [
      {
        name: 'co-purchase',
        entries: [
          { index: 3, score: 4, anchor: 0 },
          { index: 2, score: 2, anchor: 0 },
        ],
        weight: 2,
      },
    ];
    const out = blendCandidates(5, dense, sparse, 3, (i) => i !== 2);
    expect(out.map((c) => c.index)).toEqual([3, 1, 0]);
    expect(out[0]).toMatchObject({ source: 'co-purchase', anchor: 0, score: 2 });
    expect(out[1]).toMatchObject({ source: 'collaborative', score: 1 });
  });

  it('with sparse sources only, never proposes items no source named', () => {
    const out = blendCandidates(100, [], [{ name: 'trending', entries: [{ index: 42, score: 1 }], weight: 1 }], 10);
    expect(out.map((c) => c.index)).toEqual([42]);
  });
});

describe('candidate selection', () => {
  it('topAccepted keeps the k best accepted entries, ties to the lower index, skipping non-finite', () => {
    expect(topAccepted([0.5, 0.9, -Infinity, 0.9, 0.1, NaN], 3)).toEqual([1, 3, 0]);
    expect(topAccepted([0.5, 0.9, 0.8, 0.9], 2, (i) => i !== 1)).toEqual([3, 2]);
    expect(topAccepted([1, 2], 0)).toEqual([]);
  });

  it('MMR with λ = 1 keeps the ranking; with λ < 1 it skips a near-duplicate of an item already taken', () => {
    const c = [
      { key: 'a', score: 1 },
      { key: 'a2', score: 0.95 },
      { key: 'b', score: 0.9 },
    ];
    const sim = (x: { key: string }, y: { key: string }) => (x.key[0] === y.key[0] ? 1 : 0);
    expect(mmrRerank(c, 3, 1, sim).map((x) => x.key)).toEqual(['a', 'a2', 'b']);
    expect(mmrRerank(c, 3, 0.6, sim).map((x) => x.key)).toEqual(['a', 'b', 'a2']);
    expect(mmrRerank(c, 2, 0.6, sim)).toHaveLength(2);
  });

  it('category cap defers items over the cap but still fills the list', () => {
    const c = ['x1', 'x2', 'x3', 'y1', 'n1'].map((key, i) => ({ key, score: 1 - i / 10 }));
    const cat = (r: { key: string }) => (r.key[0] === 'n' ? null : r.key[0]);
    expect(categoryCap(c, 4, 2, cat).map((r) => r.key)).toEqual(['x1', 'x2', 'y1', 'n1']);
    expect(categoryCap(c, 5, 2, cat).map((r) => r.key)).toEqual(['x1', 'x2', 'y1', 'n1', 'x3']);
  });
});

describe('item vectors', () => {
  // three items in 2-d: 0 = (1, 0), 1 = (1, 1), 2 = (0, 2)
  const v = itemVectors(Float32Array.from([1, 0, 1, 1, 0, 2]), 3, 2);

  it('cosine rows and anchors', () => {
    const row = cosineRow(v, 0);
    expect(row[0]).toBe(-Infinity);
    expect(row[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(row[2]).toBeCloseTo(0, 6);
    expect(bestAnchor(v, 1, [0, 2])?.item).toBe(0); // equal cosines: the first (most recent) anchor wins
    expect(bestAnchor(v, 2, [0])).toBeNull();
  });

  it('scores a user against a [d × N] table with bias', () => {
    const table = transpose(Float32Array.from([1, 0, 1, 1, 0, 2]), 3, 2); // [2 × 3]
    const out = scoreAgainstTable([2, 1], table, 3, new Float32Array(3), Float32Array.from([0, 0, 1]));
    expect(Array.from(out)).toEqual([2, 3, 3]);
  });
});

describe('explanations', () => {
  const DAY = 86_400_000;
  const history = {
    user: 1,
    baskets: [
      { id: 1, time: 0, items: [5, 6], quantities: [1, 1] },
      { id: 2, time: 10 * DAY, items: [5], quantities: [1] },
      { id: 3, time: 20 * DAY, items: [5, 7], quantities: [1, 1] },
    ],
  };

  it('says why, naming the anchor', () => {
    expect(reasonFor({ source: 'collaborative', anchorTitle: 'WHITE METAL LANTERN' })).toBe(
      'Because you bought WHITE METAL LANTERN',
    );
    expect(reasonFor({ source: 'co-purchase', anchorTitle: 'JUMBO BAG' })).toBe('Often bought with JUMBO BAG');
    expect(reasonFor({ source: 'popular', popularWindow: 'this week' })).toBe('Popular this week');
    expect(reasonFor({ source: 'repeat', repeat: repeatStats(history, 5) })).toBe('You buy this about every 10 days');
    expect(reasonFor({ source: 'repeat', repeat: repeatStats(history, 6) })).toBe('You bought this before');
  });

  it('lists recent distinct items newest first', () => {
    expect(recentItems(history)).toEqual([5, 7, 6]);
    expect(recentItems(history, 2)).toEqual([5, 7]);
  });
});
