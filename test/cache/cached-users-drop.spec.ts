import { createClient } from 'redis';
import { CacheKeys } from '../../src/cache/cache-keys.js';
import { dropCachedUsersAt } from '../../src/cache/cached-users-flush.js';
import { startStallingProxy, type StallingProxy } from '../support/stalling-proxy.js';
import { REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';

// Integration: the CLI's drop of the shared cache (after `tailor import` / `prune-events`) on a connection of
// its own, against the real Redis — directly and behind a proxy that can make it look hung.

describe('dropCachedUsersAt (the CLI connection, real Redis)', () => {
  const raw = createClient({ url: REDIS_TEST_URL });
  let proxy: StallingProxy;
  let n = 0;

  beforeAll(async () => {
    await raw.connect();
  });
  beforeEach(async () => {
    proxy = await startStallingProxy(REDIS_TEST_URL);
  });
  afterEach(async () => {
    await proxy.close();
  });
  afterAll(async () => {
    await raw.quit();
  });

  /** Two users with cached lists under a fresh prefix, listed in the users index as the service lists them. */
  async function seed(): Promise<{ prefix: string; keys: CacheKeys }> {
    const prefix = testKeyPrefix(`cached-users-drop-${++n}`);
    const keys = new CacheKeys(prefix);
    for (const user of ['u1', 'u2']) {
      await raw.hSet(keys.userRecommendations(user), 'HOME|10|d|baseline|r1', '[]');
      await raw.zAdd(keys.usersIndex(), { score: Date.now(), value: keys.userRecommendations(user) });
    }
    return { prefix, keys };
  }

  it('drops every listed user and closes its connection', async () => {
    const { prefix, keys } = await seed();
    expect(await dropCachedUsersAt(proxy.url, prefix, 2000)).toBe(2);
    for (const user of ['u1', 'u2']) expect(await raw.exists(keys.userRecommendations(user))).toBe(0);
    expect(await raw.zCard(keys.usersIndex())).toBe(0);
  });

  it('gives up with an error when Redis accepts the connection and never answers', async () => {
    const { prefix, keys } = await seed();
    proxy.stall();
    await expect(dropCachedUsersAt(proxy.url, prefix, 200)).rejects.toThrow(/no reply from Redis within 200 ms/);
    // Nothing was dropped (the lists stay until their TTL), and the data written before is not the drop's to undo.
    expect(await raw.zCard(keys.usersIndex())).toBe(2);
    await raw.del([keys.userRecommendations('u1'), keys.userRecommendations('u2'), keys.usersIndex()]);
  });

  it('fails at once when nothing listens', async () => {
    const { prefix, keys } = await seed();
    await proxy.close();
    await expect(dropCachedUsersAt(proxy.url, prefix, 2000)).rejects.toThrow(/ECONNREFUSED/);
    await raw.del([keys.userRecommendations('u1'), keys.userRecommendations('u2'), keys.usersIndex()]);
  });
});
