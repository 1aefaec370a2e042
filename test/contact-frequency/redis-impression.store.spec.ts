// The impression store against the real Redis, and against a port where nothing listens (fail open).
import { createClient } from 'redis';
import { RedisImpressionStore } from '../../src/contact-frequency/redis-impression.store.js';
import { REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';
import { waitFor } from '../support/wait-for.js';

const PREFIX = testKeyPrefix('impression-store');
const HOUR = 3_600_000;

describe('RedisImpressionStore', () => {
  const redis = createClient({ url: REDIS_TEST_URL });
  let store: RedisImpressionStore;

  beforeAll(async () => {
    await redis.connect();
    store = new RedisImpressionStore({ url: REDIS_TEST_URL, keyPrefix: PREFIX, commandTimeoutMs: 1000 });
    await waitFor('the store to connect', async () => (await store.recent('nobody', 'HOME', 0)) !== null, 10_000, 50);
  });

  afterAll(async () => {
    await store.close();
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  });

  it('records each showing as its own impression and reads those after a time, per placement', async () => {
    const t = 1_700_000_000_000;
    await store.record('u:1', 'HOME', ['a', 'b'], t, 24 * HOUR);
    await store.record('u:1', 'HOME', ['a'], t + 1000, 24 * HOUR);
    await store.record('u:1', 'CART', ['c'], t + 1000, 24 * HOUR);
    const home = await store.recent('u:1', 'HOME', t - 1);
    expect(home!.map((i) => `${i.itemId}@${Number(i.shownAt) - t}`).sort()).toEqual(['a@0', 'a@1000', 'b@0']);
    expect((await store.recent('u:1', 'HOME', t))!.map((i) => i.itemId)).toEqual(['a']);
    // The id is URI-encoded in the key, and the key expires with the window.
    const key = `${PREFIX}imp:HOME:${encodeURIComponent('u:1')}`;
    expect(await redis.zCard(key)).toBe(3);
    expect(await redis.pTTL(key)).toBeGreaterThan(23 * HOUR);
  });

  it('drops impressions older than the window on the next write, and forgets a user on every placement', async () => {
    const t = 1_700_000_000_000;
    await store.record('u2', 'HOME', ['old'], t, HOUR);
    await store.record('u2', 'HOME', ['new'], t + 2 * HOUR, HOUR);
    expect((await store.recent('u2', 'HOME', 0))!.map((i) => i.itemId)).toEqual(['new']);
    await store.record('u2', 'PRODUCT', ['p'], t, HOUR);
    expect(await store.forgetUser('u2')).toBe(true);
    expect(await store.recent('u2', 'HOME', 0)).toEqual([]);
    expect(await store.recent('u2', 'PRODUCT', 0)).toEqual([]);
  });

  it('fails open when Redis cannot be reached: no impressions known, writes dropped, nothing thrown', async () => {
    const dead = new RedisImpressionStore({ url: 'redis://127.0.0.1:1', keyPrefix: PREFIX, commandTimeoutMs: 100 });
    try {
      expect(await dead.recent('u', 'HOME', 0)).toBeNull();
      await expect(dead.record('u', 'HOME', ['a'], Date.now(), HOUR)).resolves.toBeUndefined();
      expect(await dead.forgetUser('u')).toBe(false);
    } finally {
      await dead.close();
    }
  });
});
