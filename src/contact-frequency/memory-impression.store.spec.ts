import { MAX_IMPRESSIONS_PER_LIST } from './impression-store.js';
import { MemoryImpressionStore } from './memory-impression.store.js';

describe('MemoryImpressionStore', () => {
  it('returns impressions after a time, per user and placement', async () => {
    const store = new MemoryImpressionStore(10, () => 1_000);
    await store.record('u1', 'HOME', ['a', 'b'], 100, 10_000);
    await store.record('u1', 'HOME', ['a'], 500, 10_000);
    await store.record('u1', 'CART', ['c'], 500, 10_000);
    await store.record('u2', 'HOME', ['z'], 500, 10_000);
    expect(await store.recent('u1', 'HOME', 0)).toEqual([
      { itemId: 'a', shownAt: 100 },
      { itemId: 'b', shownAt: 100 },
      { itemId: 'a', shownAt: 500 },
    ]);
    expect(await store.recent('u1', 'HOME', 100)).toEqual([{ itemId: 'a', shownAt: 500 }]);
    expect(await store.recent('u1', 'PRODUCT', 0)).toEqual([]);
  });

  it('drops what left the kept window and keeps at most the newest MAX_IMPRESSIONS_PER_LIST', async () => {
    const store = new MemoryImpressionStore(10, () => 10_000);
    await store.record('u', 'HOME', ['old'], 1_000, 5_000);
    await store.record('u', 'HOME', ['new'], 9_000, 5_000);
    expect((await store.recent('u', 'HOME', 0)).map((i) => i.itemId)).toEqual(['new']);
    const many = Array.from({ length: MAX_IMPRESSIONS_PER_LIST + 5 }, (_, i) => `i${i}`);
    await store.record('u', 'HOME', many, 9_500, 5_000);
    const kept = await store.recent('u', 'HOME', 0);
    expect(kept).toHaveLength(MAX_IMPRESSIONS_PER_LIST);
    expect(kept.at(-1)).toEqual({ itemId: many.at(-1), shownAt: 9_500 });
  });

  it('bounds the number of lists (least recently written first) and forgets a user everywhere', async () => {
    const store = new MemoryImpressionStore(2, () => 0);
    await store.record('u1', 'HOME', ['a'], 0, 1_000);
    await store.record('u2', 'HOME', ['b'], 0, 1_000);
    await store.record('u1', 'CART', ['c'], 0, 1_000);
    expect(await store.recent('u1', 'HOME', -1)).toEqual([]);
    expect(await store.recent('u2', 'HOME', -1)).toHaveLength(1);
    expect(await store.forgetUser('u1')).toBe(true);
    expect(await store.recent('u1', 'CART', -1)).toEqual([]);
    expect(await store.recent('u2', 'HOME', -1)).toHaveLength(1);
  });
});
