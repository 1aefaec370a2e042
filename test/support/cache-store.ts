import { RedisCacheStore, type RedisCacheOptions } from '../../src/cache/redis-cache.store.js';
import { REDIS_TEST_URL } from './test-services.js';

/** A cache store on the test Redis under `keyPrefix`, connected (close it when done). */
export async function connectedCacheStore(
  keyPrefix: string,
  over: Partial<RedisCacheOptions> = {},
): Promise<RedisCacheStore> {
  const store = new RedisCacheStore({
    url: REDIS_TEST_URL,
    keyPrefix,
    ttlSeconds: 60,
    maxUsers: 10,
    maxEntriesPerUser: 10,
    commandTimeoutMs: 1000,
    localEntries: 0,
    ...over,
  });
  store.start();
  for (let i = 0; i < 50 && (await store.health()).status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
  return store;
}
