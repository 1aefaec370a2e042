import {
  computeRfm,
  isRfmCutPoints,
  quintileScores,
  RFM_SEGMENTS,
  rfmSegment,
  scoreRfm,
  scoreWithCutPoints,
  type RfmInput,
  type RfmScore,
} from './rfm.js';

describe('quintileScores (mid-rank percentile)', () => {
  it('gives 1..5 to five distinct values, 5 to the best in either direction', () => {
    expect(quintileScores([30, 10, 50, 20, 40], 'higher-is-better')).toEqual([3, 1, 5, 2, 4]);
    expect(quintileScores([30, 10, 50, 20, 40], 'lower-is-better')).toEqual([3, 5, 1, 4, 2]);
  });

  it('puts two customers in each score for ten distinct values', () => {
    // pct = (i + ½)/10 for the i-th worst: 0.05, 0.15 → 1; 0.25, 0.35 → 2; ...; 0.85, 0.95 → 5
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'higher-is-better')).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives equal values equal scores (mid-rank), possibly skipping a score', () => {
    // 1: b=0,e=3 → ⌊5·3/10⌋ = 1 → 2;  2: b=3,e=1 → ⌊5·7/10⌋ = 3 → 4;  5: b=4,e=1 → ⌊5·9/10⌋ = 4 → 5
    expect(quintileScores([1, 2, 1, 5, 1], 'higher-is-better')).toEqual([2, 4, 2, 5, 2]);
    // recency: 100: b=0,e=1 → ⌊5/8⌋ → 1;  5: b=1 → ⌊15/8⌋ → 2;  0: b=2,e=2 → ⌊30/8⌋ → 4
    expect(quintileScores([0, 5, 0, 100], 'lower-is-better')).toEqual([4, 2, 4, 1]);
  });

  it('handles fewer than five customers around the middle', () => {
    expect(quintileScores([], 'higher-is-better')).toEqual([]);
    expect(quintileScores([42], 'higher-is-better')).toEqual([3]);
    expect(quintileScores([10, 20], 'higher-is-better')).toEqual([2, 4]);
    expect(quintileScores([10, 20], 'lower-is-better')).toEqual([4, 2]);
    expect(quintileScores([7, 7, 7, 7], 'lower-is-better')).toEqual([3, 3, 3, 3]);
  });

  it('does not depend on the input order', () => {
    const a = quintileScores([3, 1, 2, 2, 9, 4], 'higher-is-better');
    const b = quintileScores([9, 4, 2, 3, 2, 1], 'higher-is-better');
    const byValue = (vals: number[], s: RfmScore[]) => Object.fromEntries(vals.map((v, i) => [v, s[i]]));
    expect(byValue([3, 1, 2, 2, 9, 4], a)).toEqual(byValue([9, 4, 2, 3, 2, 1], b));
  });
});

describe('rfmSegment (classic R×F grid)', () => {
  it.each([
    [5, 5, 'champions'],
    [5, 4, 'champions'],
    [4, 5, 'loyal'],
    [3, 4, 'loyal'],
    [5, 2, 'potential-loyalist'],
    [4, 3, 'potential-loyalist'],
    [5, 1, 'new-customers'],
    [4, 1, 'promising'],
    [3, 3, 'needs-attention'],
    [3, 2, 'about-to-sleep'],
    [3, 1, 'about-to-sleep'],
    [2, 3, 'at-risk'],
    [1, 4, 'at-risk'],
    [2, 5, 'cant-lose'],
    [1, 5, 'cant-lose'],
    [2, 2, 'hibernating'],
    [1, 1, 'hibernating'],
  ] as const)('R=%i F=%i → %s', (r, f, name) => {
    expect(rfmSegment(r, f)).toBe(name);
  });

  it('names every cell of the grid, and every name is used', () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) used.add(rfmSegment(r as RfmScore, f as RfmScore));
    expect([...used].sort()).toEqual([...RFM_SEGMENTS].sort());
  });
});

describe('computeRfm', () => {
  const users: RfmInput[] = [
    { userId: 'A', recencyDays: 1, frequency: 1, monetary: 40 },
    { userId: 'B', recencyDays: 5, frequency: 8, monetary: 900 },
    { userId: 'C', recencyDays: 30, frequency: 4, monetary: 300 },
    { userId: 'D', recencyDays: 200, frequency: 12, monetary: 2000 },
    { userId: 'E', recencyDays: 400, frequency: 2, monetary: 10 },
  ];

  it('scores, codes and names a small base (hand-computed)', () => {
    const { results } = computeRfm(users);
    expect(results.map((r) => [r.userId, r.code, r.segment])).toEqual([
      ['A', '512', 'new-customers'],
      ['B', '444', 'loyal'],
      ['C', '333', 'needs-attention'],
      ['D', '255', 'cant-lose'],
      ['E', '121', 'hibernating'],
    ]);
    expect(results[1]).toMatchObject({ r: 4, f: 4, m: 4, recencyDays: 5, frequency: 8, monetary: 900 });
  });

  it('stores cut points: the worst value still earning each score 2..5', () => {
    const { cutPoints } = computeRfm(users);
    expect(cutPoints).toEqual({
      recency: [200, 30, 5, 1],
      frequency: [2, 4, 8, 12],
      monetary: [40, 300, 900, 2000],
      users: 5,
    });
    expect(isRfmCutPoints(JSON.parse(JSON.stringify(cutPoints)))).toBe(true);
    expect(isRfmCutPoints({ recency: [1, 2, 3], frequency: [], monetary: [], users: 1 })).toBe(false);
  });

  it('leaves unreached scores without a cut point', () => {
    const { cutPoints } = computeRfm([{ userId: 'only', recencyDays: 10, frequency: 3, monetary: 99 }]);
    expect(cutPoints.frequency).toEqual([3, 3, null, null]);
    expect(cutPoints.recency).toEqual([10, 10, null, null]);
  });
});

describe('scoring one customer against cut points', () => {
  it('places unseen values between the observed steps', () => {
    // values [1,1,1,2,5] scored [2,2,2,4,5] → cuts for s=2..5: [1, 2, 2, 5]
    const cuts = computeRfm(
      [1, 1, 1, 2, 5].map((f, i) => ({ userId: `u${i}`, recencyDays: 0, frequency: f, monetary: 0 })),
    ).cutPoints.frequency;
    expect(cuts).toEqual([1, 2, 2, 5]);
    expect([0, 1, 1.5, 2, 3, 5, 50].map((v) => scoreWithCutPoints(v, cuts, 'higher-is-better'))).toEqual([
      1, 2, 2, 4, 4, 5, 5,
    ]);
    // recency [0,0,5,100] scored [4,4,2,1] → cuts [5, 0, 0, null]
    expect([0, 3, 5, 6, 200].map((v) => scoreWithCutPoints(v, [5, 0, 0, null], 'lower-is-better'))).toEqual([
      4, 2, 2, 1, 1,
    ]);
  });

  it('reproduces the full computation for every observed customer', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const base: RfmInput[] = Array.from({ length: 500 }, (_, i) => ({
      userId: `u${i}`,
      recencyDays: rnd(370),
      frequency: 1 + (rnd(4) === 0 ? rnd(40) : rnd(3)),
      monetary: rnd(5000) / 4,
    }));
    const { results, cutPoints } = computeRfm(base);
    for (let i = 0; i < base.length; i++) expect(scoreRfm(base[i], cutPoints)).toEqual(results[i]);
  });
});
