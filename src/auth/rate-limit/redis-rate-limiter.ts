import { createHash } from 'node:crypto';
import { CacheKeys } from '../../cache/cache-keys.js';
import { CommandDeadline } from '../../cache/command-deadline.js';
import { createFailFastClient } from '../../redis/fail-fast-client.js';
import { decide, type RateDecision } from './sliding-window.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  url: string;
  keyPrefix: string;
  limit: number;
  windowMs: number;
  commandTimeoutMs: number;
  /** Most tokens one instance reserves for a bucket at once; default: 1% of the limit, 1..1000. */
  maxLease?: number;
  /** Longest an instance holds reserved tokens before giving the unused ones back (ms); default 1000. */
  leaseMs?: number;
}

// One round trip, atomic across instances: give back the unused tokens of an earlier reservation (to
// the window they were counted in), read both windows, and reserve up to ARGV[4] tokens — as many
// requests as the sliding-window rule of sliding-window.ts would admit one after another right now —
// by counting them at once. Reserved tokens are counted before they are used, so all instances
// together never admit more than the limit. The clock is Redis's own (TIME), so instances with skewed
// clocks share windows; ARGV[3] may pin "now" for tests.
// KEYS[1] = bucket base key; ARGV: limit, window ms, now ms|'', tokens wanted (0 = only give back),
// window index of the returned tokens|'', tokens returned.
// Returns {granted, current, previous, elapsed ms, window index}.
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local limit, window, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
local back = tonumber(ARGV[6]) or 0
if back > 0 and ARGV[5] ~= '' then
  local backKey = KEYS[1] .. ':' .. ARGV[5]
  local held = tonumber(redis.call('GET', backKey) or '0')
  if held > 0 then redis.call('DECRBY', backKey, math.min(back, held)) end
end
local index = math.floor(now / window)
local elapsed = now - index * window
local curKey = KEYS[1] .. ':' .. string.format('%d', index)
local prevKey = KEYS[1] .. ':' .. string.format('%d', index - 1)
local cur = tonumber(redis.call('GET', curKey) or '0')
local prev = tonumber(redis.call('GET', prevKey) or '0')
local granted = math.floor(limit - prev * (1 - elapsed / window) - cur)
if granted > want then granted = want end
if granted < 0 then granted = 0 end
if granted > 0 then
  cur = redis.call('INCRBY', curKey, granted)
  if redis.call('PTTL', curKey) < 0 then redis.call('PEXPIRE', curKey, window * 2) end
end
return {granted, cur, prev, elapsed, index}
`;
const RESERVE_SHA = createHash('sha1').update(RESERVE_SCRIPT).digest('hex');

/** Thrown when Redis cannot answer; the caller falls back to its in-process limiter. */
export class RateLimitStoreUnavailable extends Error {}

const ALLOWED: RateDecision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });
const DEFAULT_LEASE_MS = 1000;
/** Share of the limit one instance may reserve at once (the tolerance, see the class comment). */
const LEASE_SHARE = 0.01;
const MAX_LEASE = 1000;

interface Lease {
  /** Tokens counted in Redis and not yet used. */
  left: number;
  granted: number;
  /** Redis window the tokens were counted in. */
  window: number;
  /** Local time after which the leftovers go back: the end of that window, or leaseMs after the grant. */
  expiresAt: number;
}

interface Bucket {
  lease: Lease | null;
  /** The reservation in flight: resolves to its rejection, or null when it granted tokens. */
  reserving: Promise<RateDecision | null> | null;
  waiting: number;
  /** Size of the next reservation: doubles while leases run out, shrinks to what was used when one expires. */
  nextWant: number;
  /** Unused tokens of an expired lease, given back with the next call for this bucket. */
  returnWindow: number;
  returnCount: number;
  lastUsedAt: number;
}

/**
 * The shared limiter. Instead of one Redis call per request, each instance reserves tokens for a
 * bucket in small batches ("leases") and admits requests from them locally:
 * - a bucket's first request, and every request near the limit, still costs one round trip (leases
 *   start at 1 token and never exceed what the sliding window would admit right now);
 * - a busy bucket's lease doubles each time it runs out, up to `maxLease` (1% of the limit), so a
 *   key at 5,000 req/s costs a few Redis calls per second instead of 5,000;
 * - tokens are counted in Redis when reserved, so the limit is never exceeded across instances;
 *   unused tokens go back to their window when the lease expires (after `leaseMs`, or at the end of
 *   the window) — the tolerance is on the strict side: while other instances hold unused tokens, a
 *   caller can be refused up to (instances − 1) × maxLease requests early, for at most leaseMs.
 * Short command deadline and no offline queue, like the cache: a dead Redis costs a request at most
 * one timeout (the service then trips a circuit and limits per instance).
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly client;
  private readonly keys: CacheKeys;
  private readonly deadline: CommandDeadline;
  private readonly buckets = new Map<string, Bucket>();
  readonly maxLease: number;
  private readonly leaseMs: number;
  private readonly sweeper: NodeJS.Timeout;
  lastError: string | undefined;
  /** Round trips made (reservations and give-backs), for tests and the benchmark notes. */
  redisCalls = 0;

  constructor(
    private readonly options: RedisRateLimiterOptions,
    /** Tests pin the clock (Redis windows and lease expiry); production uses Redis TIME and Date.now. */
    private readonly now?: () => number,
  ) {
    this.keys = new CacheKeys(options.keyPrefix);
    this.deadline = new CommandDeadline(options.commandTimeoutMs);
    this.maxLease = Math.max(
      1,
      Math.floor(options.maxLease ?? Math.min(MAX_LEASE, Math.floor(options.limit * LEASE_SHARE))),
    );
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.client = createFailFastClient(options.url, options.commandTimeoutMs);
    this.client.on('error', (e: Error) => {
      this.lastError = e?.message || String(e);
    });
    this.client.on('ready', () => {
      this.lastError = undefined;
    });
    // Gives back the leftovers of buckets that went quiet, and forgets idle buckets.
    this.sweeper = setInterval(() => this.sweep(), this.leaseMs);
    this.sweeper.unref();
  }

  /** Connects in the background: the service starts and answers while Redis is down. */
  start(onError: (e: Error) => void): void {
    this.client.connect().catch((e: unknown) => onError(e as Error));
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  async consume(name: string): Promise<RateDecision> {
    let b = this.buckets.get(name);
    if (!b) {
      b = { lease: null, reserving: null, waiting: 0, nextWant: 1, returnWindow: 0, returnCount: 0, lastUsedAt: 0 };
      this.buckets.set(name, b);
    }
    for (;;) {
      const now = this.clock();
      b.lastUsedAt = now;
      const lease = b.lease;
      if (lease && now >= lease.expiresAt) this.retire(b, lease);
      else if (lease && lease.left > 0) {
        lease.left--;
        return ALLOWED;
      }
      if (b.reserving) {
        // Single flight per bucket: wait for the reservation under way, then take from its lease.
        b.waiting++;
        let denied: RateDecision | null;
        try {
          denied = await b.reserving;
        } finally {
          b.waiting--;
        }
        if (denied) return denied;
        continue;
      }
      if (b.lease && b.lease.left === 0) {
        // Ran out before expiring: this caller is busy, reserve more next time.
        b.nextWant = Math.min(this.maxLease, b.lease.granted * 2);
        b.lease = null;
      }
      const reservation = this.reserve(name, b);
      b.reserving = reservation;
      try {
        // Granted: this caller has taken the lease's first token.
        return (await reservation) ?? ALLOWED;
      } finally {
        b.reserving = null;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.client.isReady) {
      // Best effort: give back what this instance still holds, so other instances can use it.
      const back: Promise<unknown>[] = [];
      for (const [name, b] of this.buckets) {
        if (b.lease) this.retire(b, b.lease);
        if (b.returnCount > 0 && !b.reserving) back.push(this.giveBack(name, b).catch(() => undefined));
      }
      await Promise.all(back);
      await this.deadline.run(this.client.close()).catch(() => this.client.destroy());
    } else if (this.client.isOpen) this.client.destroy();
  }

  /** One round trip: give back leftovers, reserve a lease. Resolves to the rejection, or null when granted. */
  private async reserve(name: string, b: Bucket): Promise<RateDecision | null> {
    const want = Math.min(this.maxLease, Math.max(b.nextWant, b.waiting + 1));
    const [granted, current, previous, elapsedMs, windowIndex] = await this.call(name, want, b);
    if (granted > 0) {
      const now = this.clock();
      const windowEnd = now + (this.options.windowMs - elapsedMs);
      b.lease = { left: granted - 1, granted, window: windowIndex, expiresAt: Math.min(now + this.leaseMs, windowEnd) };
      // This caller takes the first token; waiters take the rest.
      return null;
    }
    // Redis said no; the shared rule computes how long to wait.
    const decision = decide({ current, previous, elapsedMs }, this.options.limit, this.options.windowMs);
    return decision.allowed ? { allowed: false, retryAfterSeconds: 1 } : decision;
  }

  private giveBack(name: string, b: Bucket): Promise<unknown> {
    return this.call(name, 0, b);
  }

  private async call(name: string, want: number, b: Bucket): Promise<number[]> {
    if (!this.client.isReady) throw new RateLimitStoreUnavailable(this.lastError ?? 'redis not connected');
    const returnCount = b.returnCount;
    const args = [
      String(this.options.limit),
      String(this.options.windowMs),
      this.now ? String(Math.floor(this.now())) : '',
      String(want),
      returnCount > 0 ? String(b.returnWindow) : '',
      String(returnCount),
    ];
    // Taken now: a failed call loses them, which only errs on the strict side (they expire with the window).
    b.returnCount = 0;
    this.redisCalls++;
    const key = this.keys.rateLimitBucket(name);
    let reply: unknown;
    try {
      reply = await this.deadline.run(this.client.sendCommand(['EVALSHA', RESERVE_SHA, '1', key, ...args]));
    } catch (e) {
      if (!String((e as Error).message).includes('NOSCRIPT')) throw e;
      reply = await this.deadline.run(this.client.sendCommand(['EVAL', RESERVE_SCRIPT, '1', key, ...args]));
    }
    return (reply as unknown[]).map(Number);
  }

  /** The lease ends: its unused tokens are queued to go back to the window they were counted in. */
  private retire(b: Bucket, lease: Lease): void {
    b.lease = null;
    b.nextWant = Math.max(1, lease.granted - lease.left);
    if (lease.left > 0) {
      // Only one window's leftovers are kept; older ones are dropped (strict side, see call()).
      if (b.returnCount > 0 && b.returnWindow !== lease.window) b.returnCount = 0;
      b.returnWindow = lease.window;
      b.returnCount += lease.left;
    }
  }

  private sweep(): void {
    const now = this.clock();
    for (const [name, b] of this.buckets) {
      if (b.reserving) continue;
      if (b.lease && now >= b.lease.expiresAt) this.retire(b, b.lease);
      if (b.returnCount > 0 && this.client.isReady) {
        b.reserving = this.giveBack(name, b)
          .then(
            () => null,
            () => null,
          )
          .finally(() => (b.reserving = null));
      } else if (!b.lease && b.returnCount === 0 && now - b.lastUsedAt > 2 * this.leaseMs) {
        this.buckets.delete(name);
      }
    }
  }

  private clock(): number {
    return this.now ? this.now() : Date.now();
  }
}
