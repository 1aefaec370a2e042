import { TrackedLocalCache } from './tracked-local-cache.js';

/** A fetch the test answers by hand, to interleave invalidations with reads in flight. */
function pending() {
  let answer!: (v: string | null) => void;
  const promise = new Promise<string | null>((r) => (answer = r));
  return { fetch: () => promise, answer };
}

describe('TrackedLocalCache', () => {
  it('keeps what it loaded, absent fields (null) included, until the key is invalidated', async () => {
    const c = new TrackedLocalCache(10);
    expect(c.get('k', 'f')).toBeUndefined();
    expect(await c.load('k', 'f', async () => 'v')).toBe('v');
    expect(await c.load('k', 'g', async () => null)).toBeNull();
    expect(c.get('k', 'f')).toBe('v');
    expect(c.get('k', 'g')).toBeNull();
    expect(c.hits).toBe(2);
    c.invalidate('k');
    expect(c.get('k', 'f')).toBeUndefined();
    expect(c.get('k', 'g')).toBeUndefined();
    expect(c.entries).toBe(0);
  });

  it('does not keep a read that an invalidation of its key overtook, but keeps one of another key', async () => {
    const c = new TrackedLocalCache(10);
    const a = pending();
    const b = pending();
    const readA = c.load('a', 'f', a.fetch);
    const readB = c.load('b', 'f', b.fetch);
    c.invalidate('a'); // written by someone while the read was in flight: the answer may be the old value
    a.answer('maybe old');
    b.answer('fine');
    expect(await readA).toBe('maybe old'); // answered, but not kept
    expect(await readB).toBe('fine');
    expect(c.get('a', 'f')).toBeUndefined();
    expect(c.get('b', 'f')).toBe('fine');
    // The next read of 'a', started after the invalidation, is kept again.
    await c.load('a', 'f', async () => 'new');
    expect(c.get('a', 'f')).toBe('new');
  });

  it('drops everything, reads in flight included, on a flush (connection lost)', async () => {
    const c = new TrackedLocalCache(10);
    await c.load('a', 'f', async () => 'x');
    const b = pending();
    const readB = c.load('b', 'f', b.fetch);
    c.invalidate(null);
    b.answer('y');
    await readB;
    expect(c.get('a', 'f')).toBeUndefined();
    expect(c.get('b', 'f')).toBeUndefined();
    expect(c.entries).toBe(0);
  });

  it('stays within maxEntries, evicting the least recently read key first', async () => {
    const c = new TrackedLocalCache(3);
    await c.load('a', '1', async () => 'a1');
    await c.load('a', '2', async () => 'a2');
    await c.load('b', '1', async () => 'b1');
    expect(c.get('a', '1')).toBe('a1'); // a is now the most recently read
    await c.load('c', '1', async () => 'c1'); // 4 entries: b (coldest) goes
    expect(c.get('b', '1')).toBeUndefined();
    expect(c.entries).toBe(3);
    await c.load('d', '1', async () => 'd1'); // a (2 entries) is now the coldest
    expect(c.get('a', '1')).toBeUndefined();
    expect(c.get('c', '1')).toBe('c1');
    expect(c.get('d', '1')).toBe('d1');
    expect(c.entries).toBe(2);
  });

  it('never evicts a key read between arrivals of new keys, though it moves it only now and then', async () => {
    const c = new TrackedLocalCache(10);
    await c.load('hot', 'f', async () => 'h');
    for (let i = 0; i < 100; i++) {
      await c.load(`cold${i}`, 'f', async () => 'c');
      expect(c.get('hot', 'f')).toBe('h');
    }
    expect(c.entries).toBe(10);
    expect(c.get('cold89', 'f')).toBeUndefined();
    expect(c.get('cold99', 'f')).toBe('c');
  });

  it('stays within maxChars of values, evicting the least recently read key first, and counts replaced and dropped values', async () => {
    const c = new TrackedLocalCache(100, 10);
    await c.load('a', 'history', async () => 'aaaaaa'); // 6
    await c.load('b', 'list', async () => 'bbb'); // 9
    expect(c.characters).toBe(9);
    expect(c.get('a', 'history')).toBe('aaaaaa'); // b is now the coldest
    await c.load('c', 'list', async () => 'cc'); // 11 > 10: b goes
    expect(c.get('b', 'list')).toBeUndefined();
    expect(c.characters).toBe(8);
    await c.load('c', 'list', async () => 'c'); // replaced: 7
    expect(c.characters).toBe(7);
    c.invalidate('a');
    expect(c.characters).toBe(1);
    await c.load('d', 'miss', async () => null); // an absent field weighs nothing
    expect(c.characters).toBe(1);
    await c.load('e', 'big', async () => 'x'.repeat(11)); // alone over the budget: nothing stays
    expect(c.get('e', 'big')).toBeUndefined();
    expect(c.characters).toBe(0);
    c.invalidate(null);
    expect(c.characters).toBe(0);
    expect(c.entries).toBe(0);
  });
});
