import { createClient } from 'redis';
import { RateLimitStoreUnavailable, RedisRateLimiter } from '../../src/auth/rate-limit/redis-rate-limiter.js';
import { RedisCommandTimeout } from '../../src/cache/command-deadline.js';
import { startStallingProxy } from '../support/stalling-proxy.js';
import { REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';

// The Lua sliding window against the real Redis, with a pinned clock (ARGV) so windows are exact.
const W = 60_000;
const T0 = 1_000 * W; // start of a window

describe('RedisRateLimiter (real Redis)', () => {
  const prefix = testKeyPrefix('rate-limiter');
  let now = T0;
  const limiters: RedisRateLimiter[] = [];
  const make = (limit: number, lease: { maxLease?: number; leaseMs?: number } = {}) => {
    const l = new RedisRateLimiter(
      { url: REDIS_TEST_URL, keyPrefix: prefix, limit, windowMs: W, commandTimeoutMs: 1000, ...lease },
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

  const countIn = async (bucket: string): Promise<number> => {
    const redis = createClient({ url: REDIS_TEST_URL });
    await redis.connect();
    try {
      return Number((await redis.get(`${prefix}rl:{${bucket}}:${Math.floor(now / W)}`)) ?? 0);
    } finally {
      await redis.close();
    }
  };

  it('reserves tokens in growing batches for a busy bucket: far fewer round trips than requests', async () => {
    const l = make(1_000_000, { maxLease: 64 });
    await ready(l);
    now = T0 + 2 * W + 1000;
    for (let i = 0; i < 1000; i++) expect((await l.consume('busy')).allowed).toBe(true);
    // Leases 1, 2, 4, ..., 64, then 64 at a time: 7 + ceil((1000 − 127) / 64) = 21 reservations.
    expect(l.redisCalls).toBeLessThanOrEqual(21);
    // Tokens are counted when reserved: Redis holds the used ones plus the unused rest of the last lease,
    // which goes back when the lease ends (here: the limiter closes).
    const held = await countIn('busy');
    expect(held).toBeGreaterThanOrEqual(1000);
    expect(held).toBeLessThan(1000 + 64);
    await l.close();
    expect(await countIn('busy')).toBe(1000);
  });

  it('never admits more than the limit across instances; leftovers of an expired lease go back', async () => {
    const a = make(10, { maxLease: 10, leaseMs: 1000 });
    const b = make(10, { maxLease: 10, leaseMs: 1000 });
    await Promise.all([ready(a), ready(b)]);
    now = T0 + 3 * W + 1000;
    // a's leases: 1, 2, 4 (7 used), then 8 wanted but only 3 left in the window: a holds 2 unused.
    for (let i = 0; i < 8; i++) expect((await a.consume('pair')).allowed).toBe(true);
    expect(await countIn('pair')).toBe(10);
    // b is refused although only 8 requests were admitted: the strict side of the tolerance.
    expect((await b.consume('pair')).allowed).toBe(false);
    // a's lease expires; its next call gives the 2 back and takes 1; b then gets the last one.
    now += 1001;
    expect((await a.consume('pair')).allowed).toBe(true);
    expect((await b.consume('pair')).allowed).toBe(true);
    expect((await b.consume('pair')).allowed).toBe(false);
    expect((await a.consume('pair')).allowed).toBe(false);
    expect(await countIn('pair')).toBe(10);
  });

  it('under concurrent load on two instances admits at most the limit, and Redis counts exactly the admitted', async () => {
    const a = make(100, { maxLease: 10 });
    const b = make(100, { maxLease: 10 });
    await Promise.all([ready(a), ready(b)]);
    now = T0 + 4 * W + 1000;
    const decisions = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).consume('burst')));
    const allowed = decisions.filter((d) => d.allowed).length;
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 10);
    for (const d of decisions.filter((x) => !x.allowed)) expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await Promise.all([a.close(), b.close()]);
    expect(await countIn('burst')).toBe(allowed);
  });

  it('answers concurrent requests of a bucket over its limit from one round trip', async () => {
    const l = make(3);
    await ready(l);
    now = T0 + 5 * W + 1000;
    const decisions = await Promise.all(Array.from({ length: 20 }, () => l.consume('flood')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    // 3 single-token reservations, then one refused reservation shared by the 17 waiting requests.
    expect(l.redisCalls).toBe(4);
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

  it('gives up on a Redis that stops answering after the command timeout (the service then limits in process)', async () => {
    const proxy = await startStallingProxy(REDIS_TEST_URL);
    const hung = new RedisRateLimiter(
      { url: proxy.url, keyPrefix: prefix, limit: 1, windowMs: W, commandTimeoutMs: 100 },
      () => now,
    );
    hung.start(() => undefined);
    try {
      await ready(hung);
      now = T0 + 6 * W;
      expect((await hung.consume('hung')).allowed).toBe(true);
      proxy.stall();
      await expect(hung.consume('hung')).rejects.toBeInstanceOf(RedisCommandTimeout);
    } finally {
      await proxy.close();
      await hung.close();
    }
  });
});
