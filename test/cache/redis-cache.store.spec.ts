import { createClient } from 'redis';
import { CacheKeys } from '../../src/cache/cache-keys.js';
import { dropCachedUsers } from '../../src/cache/cached-users-flush.js';
import { RedisCacheStore, type RedisCacheOptions } from '../../src/cache/redis-cache.store.js';
import { startStallingProxy } from '../support/stalling-proxy.js';
import { REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';

// Integration: the Redis cache store against the real Redis on this machine, one key prefix per test.

type Raw = ReturnType<typeof createClient>;

describe('RedisCacheStore (real Redis)', () => {
  let raw: Raw;
  const stores: RedisCacheStore[] = [];
  let now = 1_700_000_000_000;
  let n = 0;

  const open = async (over: Partial<RedisCacheOptions> = {}, prefix = testKeyPrefix(`redis-store-${++n}`)) => {
    // Stores under test are closed in afterAll.
    const store = new RedisCacheStore(
      {
        url: REDIS_TEST_URL,
        keyPrefix: prefix,
        ttlSeconds: 60,
        maxUsers: 100,
        maxEntriesPerUser: 10,
        commandTimeoutMs: 500,
        ...over,
      },
      () => now,
    );
    stores.push(store);
    store.start();
    // Wait for the connection (health turns ok once ready).
    for (let i = 0; i < 100 && (await store.health()).status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
    return { store, keys: new CacheKeys(prefix) };
  };

  beforeAll(async () => {
    raw = createClient({ url: REDIS_TEST_URL });
    await raw.connect();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await raw.quit();
  });

  it('invalidateAll drops every user of its prefix (lists, history, local copies) and nothing of another prefix', async () => {
    const { store, keys } = await open();
    const other = await open();
    for (const user of ['u1', 'u2', 'u:3']) {
      await store.set(user, 'HOME|10|d|baseline|r1', `{"${user}":1}`);
      await store.set(user, 'history|v1', '[]');
    }
    await other.store.set('u1', 'HOME|10|d|baseline|r1', '{"kept":1}');
    expect(await store.get('u1', 'HOME|10|d|baseline|r1')).toBe('{"u1":1}'); // now a local copy too
    expect(await store.invalidateAll()).toBe(3);
    for (const user of ['u1', 'u2', 'u:3']) expect(await raw.exists(keys.userRecommendations(user))).toBe(0);
    expect(await raw.zCard(keys.usersIndex())).toBe(0);
    expect(await store.get('u1', 'HOME|10|d|baseline|r1')).toBeNull();
    expect(await other.store.get('u1', 'HOME|10|d|baseline|r1')).toBe('{"kept":1}');
    expect(await raw.zCard(other.keys.usersIndex())).toBe(1);
    expect(await store.invalidateAll()).toBe(0);
  });

  it('dropping walks as many users as the index held at the start, so writes meanwhile cannot keep it going', async () => {
    const prefix = testKeyPrefix(`redis-store-${++n}`);
    const { store, keys } = await open({}, prefix);
    for (const user of ['a', 'b', 'c', 'd', 'e']) await store.set(user, 'HOME|10|d|baseline|r1', '[]');
    let written = 0;
    // A busy service: every batch dropped is followed by a new user's list.
    const busy = {
      sendCommand: async (args: string[]) => {
        const reply = await raw.sendCommand(args);
        if (args[0] === 'UNLINK') await store.set(`new${++written}`, 'HOME|10|d|baseline|r1', '[]');
        return reply;
      },
    };
    expect(await dropCachedUsers(busy, prefix, 2)).toBe(5);
    expect(written).toBe(3);
    for (const user of ['a', 'b', 'c', 'd', 'e']) expect(await raw.exists(keys.userRecommendations(user))).toBe(0);
    expect(await raw.zCard(keys.usersIndex())).toBe(3);
  });

  it('stores per user in one hash whose TTL is CACHE_TTL_SECONDS, and entries expire on their own', async () => {
    const { store, keys } = await open({ ttlSeconds: 60 });
    await store.set('u1', 'HOME|10|d|baseline|r1', '{"a":1}');
    expect(await store.get('u1', 'HOME|10|d|baseline|r1')).toBe('{"a":1}');
    const ttl = await raw.pTTL(keys.userRecommendations('u1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Later writes refresh the hash TTL, but the first entry still expires 60 s after it was written.
    now += 59_000;
    await store.set('u1', 'CART|10|d|baseline|r1', '{"b":2}');
    now += 1_000;
    expect(await store.get('u1', 'HOME|10|d|baseline|r1')).toBeNull();
    expect(await store.get('u1', 'CART|10|d|baseline|r1')).toBe('{"b":2}');
  });

  it('bounds entries per user: expired first, then the oldest', async () => {
    const { store, keys } = await open({ maxEntriesPerUser: 3 });
    for (const f of ['f1', 'f2', 'f3']) {
      await store.set('u', f, f);
      now += 1000;
    }
    await store.set('u', 'f4', 'f4');
    expect((await raw.hKeys(keys.userRecommendations('u'))).sort()).toEqual(['f2', 'f3', 'f4']);
    // Overwriting an existing field does not evict.
    await store.set('u', 'f2', 'f2b');
    expect(await raw.hLen(keys.userRecommendations('u'))).toBe(3);
    expect(await store.get('u', 'f2')).toBe('f2b');
  });

  it('bounds the number of users: the least recently written are deleted', async () => {
    const { store, keys } = await open({ maxUsers: 3 });
    for (const u of ['a', 'b', 'c', 'd', 'e']) {
      await store.set(u, 'f', u);
      now += 1000;
    }
    expect(await raw.zCard(keys.usersIndex())).toBe(3);
    expect(await raw.zRange(keys.usersIndex(), 0, -1)).toEqual(['c', 'd', 'e'].map((u) => keys.userRecommendations(u)));
    expect(await raw.exists(keys.userRecommendations('a'))).toBe(0);
    expect(await raw.exists(keys.userRecommendations('b'))).toBe(0);
    expect(await store.get('e', 'f')).toBe('e');
    // Many more users never grow the index past the bound.
    for (let i = 0; i < 50; i++) await store.set(`bulk-${i}`, 'f', 'x');
    expect(await raw.zCard(keys.usersIndex())).toBe(3);
  });

  it('invalidates one user (hash and index entry) and leaves the others', async () => {
    const { store, keys } = await open();
    await store.set('buyer', 'f1', 'x');
    await store.set('buyer', 'f2', 'y');
    await store.set('other', 'f1', 'z');
    await store.invalidateUser('buyer');
    expect(await store.get('buyer', 'f1')).toBeNull();
    expect(await raw.exists(keys.userRecommendations('buyer'))).toBe(0);
    expect(await raw.zScore(keys.usersIndex(), keys.userRecommendations('buyer'))).toBeNull();
    expect(await store.get('other', 'f1')).toBe('z');
  });

  it('answers repeated reads from this process; its own writes and invalidations show at once', async () => {
    const { store } = await open();
    await store.set('u', 'f', 'v1');
    expect(await store.get('u', 'f')).toBe('v1');
    const before = store.localHits;
    expect(await store.get('u', 'f')).toBe('v1');
    expect(store.localHits).toBe(before + 1);
    await store.set('u', 'f', 'v2');
    expect(await store.get('u', 'f')).toBe('v2');
    await store.invalidateUser('u');
    expect(await store.get('u', 'f')).toBeNull();
  });

  it("sees another instance's writes and invalidations through Redis's invalidation messages", async () => {
    const prefix = testKeyPrefix(`redis-store-${++n}`);
    const { store: a } = await open({}, prefix);
    const { store: b } = await open({}, prefix);
    const eventually = async (read: () => Promise<string | null>, expected: string | null) => {
      let value = await read();
      for (let i = 0; i < 200 && value !== expected; i++) {
        await new Promise((r) => setTimeout(r, 5));
        value = await read();
      }
      return value;
    };
    await b.set('u', 'f', 'old');
    expect(await a.get('u', 'f')).toBe('old');
    expect(await a.get('u', 'f')).toBe('old'); // now held locally by a
    await b.set('u', 'f', 'new');
    expect(await eventually(() => a.get('u', 'f'), 'new')).toBe('new');
    await b.invalidateUser('u');
    expect(await eventually(() => a.get('u', 'f'), null)).toBeNull();
    // A value another instance removed is not resurrected by a's local copy.
    expect(await raw.hGet(`${prefix}recs:u`, 'f')).toBeNull();
  });

  it('bounds the wait for a reply: a Redis that stops answering is a miss after the command timeout', async () => {
    const proxy = await startStallingProxy(REDIS_TEST_URL);
    try {
      const { store } = await open({ url: proxy.url, commandTimeoutMs: 100 });
      await store.set('u', 'f', 'v');
      expect(await store.get('u', 'f')).toBe('v');
      proxy.stall();
      // The connection stays up, so only a deadline on the reply can end the wait.
      await expect(store.get('u', 'other')).resolves.toBeNull();
      // Nor is the local copy of 'f' served any more: its invalidation could have been lost.
      await expect(store.get('u', 'f')).resolves.toBeNull();
      const health = await store.health();
      expect(health.status).toBe('degraded');
      expect(health.detail).toMatch(/circuit open after: no reply from Redis within 100 ms/);
    } finally {
      await proxy.close();
    }
  });

  it('answers miss, never throws, and reports degraded when Redis is unreachable', async () => {
    const store = new RedisCacheStore(
      {
        url: 'redis://127.0.0.1:1',
        keyPrefix: 'unused:',
        ttlSeconds: 60,
        maxUsers: 10,
        maxEntriesPerUser: 10,
        commandTimeoutMs: 100,
      },
      () => now,
    );
    stores.push(store);
    store.start();
    await expect(store.set('u', 'f', 'v')).resolves.toBeUndefined();
    await expect(store.get('u', 'f')).resolves.toBeNull();
    await expect(store.invalidateUser('u')).resolves.toBeUndefined();
    const health = await store.health();
    expect(health.status).toBe('degraded');
    expect(health.detail).toMatch(/redis unavailable.*serving uncached/);
  });
});
