import { createClient } from 'redis';
import { RateLimitStoreUnavailable, RedisRateLimiter } from '../../src/auth/rate-limit/redis-rate-limiter.js';
import { REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';

// The Lua sliding window against the real Redis, with a pinned clock (ARGV) so windows are exact.
const W = 60_000;
const T0 = 1_000 * W; // start of a window

describe('RedisRateLimiter (real Redis)', () => {
  const prefix = testKeyPrefix('rate-limiter');
  let now = T0;
  const limiters: RedisRateLimiter[] = [];
  const make = (limit: number) => {
    const l = new RedisRateLimiter(
      { url: REDIS_TEST_URL, keyPrefix: prefix, limit, windowMs: W, commandTimeoutMs: 1000 },
      () => now,
    );
    l.start(() => undefined);
    limiters.push(l);
    return l;
  };
  const ready = async (l: RedisRateLimiter) => {
    for (let i = 0; i < 100 && !l.ready; i++) await new Promise((r) => setTimeout(r, 20));
  };
  afterAll(async () => {
    for (const l of limiters) await l.close();
  });

  it('shares one count between limiters (instances) and counts only allowed requests', async () => {
    const a = make(3);
    const b = make(3);
    await Promise.all([ready(a), ready(b)]);
    now = T0 + 1000;
    const results = [];
    for (const l of [a, b, a, b, a]) results.push((await l.consume('shared')).allowed);
    expect(results).toEqual([true, true, true, false, false]);

    // Keys: the bucket's current window holds exactly the 3 allowed requests, with a TTL of two windows.
    const redis = createClient({ url: REDIS_TEST_URL });
    await redis.connect();
    try {
      const key = `${prefix}rl:{shared}:${T0 / W}`;
      expect(await redis.get(key)).toBe('3');
      const ttl = await redis.pTTL(key);
      expect(ttl).toBeGreaterThan(W);
      expect(ttl).toBeLessThanOrEqual(2 * W);
    } finally {
      await redis.close();
    }
  });

  it('computes Retry-After from the sliding window and lets the previous window decay', async () => {
    const l = make(4);
    await ready(l);
    now = T0 + 30_000;
    for (let i = 0; i < 4; i++) expect((await l.consume('decay')).allowed).toBe(true);
    // Full at 30 s: 30 s to the next window, then 4 × (1 − t/60) + 1 ≤ 4 ⇔ t ≥ 15 s → 45 s.
    expect(await l.consume('decay')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    now = T0 + W + 15_000; // 4 × 0.75 = 3 → one more
    expect((await l.consume('decay')).allowed).toBe(true);
    expect((await l.consume('decay')).allowed).toBe(false);
  });

  it('throws RateLimitStoreUnavailable when Redis cannot be reached (the service then limits in process)', async () => {
    const dead = new RedisRateLimiter({
      url: 'redis://127.0.0.1:1',
      keyPrefix: prefix,
      limit: 1,
      windowMs: W,
      commandTimeoutMs: 100,
    });
    dead.start(() => undefined);
    try {
      await expect(dead.consume('x')).rejects.toBeInstanceOf(RateLimitStoreUnavailable);
    } finally {
      await dead.close();
    }
  });
});
