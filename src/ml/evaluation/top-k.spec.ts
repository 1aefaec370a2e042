import { topK } from './top-k.js';

describe('topK', () => {
  it('returns the best k, best first, ties to the lower index', () => {
    const s = Float32Array.from([0.1, 0.9, 0.5, 0.9, -1, 0.7]);
    expect([...topK(s, 3)]).toEqual([1, 3, 5]);
    expect([...topK(s, 10)]).toEqual([1, 3, 5, 2, 0, 4]);
  });

  it('reads a row of a batch matrix, skips -Infinity and excluded items', () => {
    const m = Float32Array.from([9, 9, 9, 1, -Infinity, 3, 2]);
    expect([...topK(m, 3, { offset: 3, length: 4 })]).toEqual([2, 3, 0]);
    expect([...topK(m, 3, { offset: 3, length: 4, exclude: new Set([2]) })]).toEqual([3, 0]);
  });

  it('breaks ties by tieRank when given', () => {
    const s = Float32Array.from([1, 2, 1, 2, 1]);
    const rank = [0, 1, 4, 3, 2];
    expect([...topK(s, 4, { tieRank: rank })]).toEqual([3, 1, 2, 4]);
  });

  it('agrees with a full sort on random data', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const s = Float32Array.from({ length: 5000 }, () => Math.round(rand() * 1000) / 10);
    const expected = [...s.keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, 20);
    expect([...topK(s, 20)]).toEqual(expected);
  });
});
