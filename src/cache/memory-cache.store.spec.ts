import { MemoryCacheStore } from './memory-cache.store.js';

describe('MemoryCacheStore', () => {
  let now = 0;
  const store = () => new MemoryCacheStore({ ttlSeconds: 10, maxUsers: 2, maxEntriesPerUser: 2 }, () => now);
  beforeEach(() => (now = 1_000_000));

  it('returns what was set until the TTL passes', async () => {
    const s = store();
    await s.set('u', 'f', 'v');
    expect(await s.get('u', 'f')).toBe('v');
    now += 9_999;
    expect(await s.get('u', 'f')).toBe('v');
    now += 1;
    expect(await s.get('u', 'f')).toBeNull();
  });

  it('bounds users (least recently written evicted) and entries per user (oldest evicted)', async () => {
    const s = store();
    await s.set('a', '1', 'a1');
    await s.set('b', '1', 'b1');
    await s.set('a', '2', 'a2'); // a is now the most recently written
    await s.set('c', '1', 'c1'); // evicts b
    expect(await s.get('b', '1')).toBeNull();
    expect(await s.get('a', '1')).toBe('a1');
    await s.set('a', '3', 'a3'); // evicts a's oldest entry (1)
    expect(await s.get('a', '1')).toBeNull();
    expect(await s.get('a', '2')).toBe('a2');
    expect(await s.get('a', '3')).toBe('a3');
    expect(s.size()).toEqual({ users: 2, entries: 3 });
  });

  it('invalidates all entries of one user only', async () => {
    const s = store();
    await s.set('a', '1', 'x');
    await s.set('a', '2', 'y');
    await s.set('b', '1', 'z');
    await s.invalidateUser('a');
    expect(await s.get('a', '1')).toBeNull();
    expect(await s.get('a', '2')).toBeNull();
    expect(await s.get('b', '1')).toBe('z');
  });

  it('invalidates every user at once and says how many had entries', async () => {
    const s = store();
    await s.set('a', '1', 'x');
    await s.set('b', '1', 'z');
    expect(await s.invalidateAll()).toBe(2);
    expect(await s.get('a', '1')).toBeNull();
    expect(await s.get('b', '1')).toBeNull();
    expect(await s.invalidateAll()).toBe(0);
  });
});
