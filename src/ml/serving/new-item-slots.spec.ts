import type { BlendedCandidate } from './blend-candidates.js';
import { withNewItems } from './new-item-slots.js';

const blended = (...indices: number[]): BlendedCandidate[] =>
  indices.map((index, r) => ({ index, score: 10 - r, source: 'co-purchase' }));

describe('withNewItems', () => {
  // indices 0–5 are the artifact's items, 6–8 new ones; content ranks 7 first, then 0, 1, 8, 2 …, 6 last
  const content = Float32Array.from([0.8, 0.7, 0.5, 0.1, 0.1, 0.1, 0.0, 0.9, 0.6]);

  it('puts the best new item content ranks in its top `limit` in the last place, scored as the entry above', () => {
    const out = withNewItems(blended(0, 1, 2, 3), content, { firstNew: 6, limit: 4, slots: 1 });
    expect(out.map((c) => c.index)).toEqual([0, 1, 2, 7]);
    expect(out[3]).toEqual({ index: 7, score: 8, source: 'content' });
  });

  it('fills several slots, and appends when the list is short', () => {
    expect(withNewItems(blended(0, 1, 2, 3), content, { firstNew: 6, limit: 4, slots: 2 }).map((c) => c.index)).toEqual(
      [0, 1, 7, 8],
    );
    expect(withNewItems(blended(0), content, { firstNew: 6, limit: 4, slots: 2 }).map((c) => c.index)).toEqual([
      0, 7, 8,
    ]);
  });

  it('leaves the list alone when no new item ranks in the content top `limit`, or slots are off', () => {
    const low = Float32Array.from([0.8, 0.7, 0.5, 0.4, 0.3, 0.2, 0.0, 0.1, 0.1]);
    expect(withNewItems(blended(0, 1, 2), low, { firstNew: 6, limit: 3, slots: 1 }).map((c) => c.index)).toEqual([
      0, 1, 2,
    ]);
    expect(withNewItems(blended(0, 1, 2), content, { firstNew: 6, limit: 3, slots: 0 }).map((c) => c.index)).toEqual([
      0, 1, 2,
    ]);
    expect(withNewItems(blended(0, 1, 2), content, { firstNew: 9, limit: 3, slots: 1 }).map((c) => c.index)).toEqual([
      0, 1, 2,
    ]);
  });

  it('counts new items the blend chose against the slots, never duplicates, and respects the rules', () => {
    expect(withNewItems(blended(7, 0, 1), content, { firstNew: 6, limit: 3, slots: 1 }).map((c) => c.index)).toEqual([
      7, 0, 1,
    ]);
    expect(withNewItems(blended(7, 0, 1), content, { firstNew: 6, limit: 4, slots: 2 }).map((c) => c.index)).toEqual([
      7, 0, 1, 8,
    ]);
    const notSeven = (i: number) => i !== 7;
    expect(
      withNewItems(blended(0, 1, 2), content, { firstNew: 6, limit: 3, slots: 1, accept: notSeven }).map(
        (c) => c.index,
      ),
    ).toEqual([0, 1, 8]);
  });
});
