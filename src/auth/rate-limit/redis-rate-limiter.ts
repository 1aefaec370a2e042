import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { CacheKeys } from '../../cache/cache-keys.js';
import { decide, type RateDecision } from './sliding-window.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  url: string;
  keyPrefix: string;
  limit: number;
  windowMs: number;
  commandTimeoutMs: number;
}

// One round trip, atomic across instances: read both windows, decide with the sliding-window rule of
// sliding-window.ts, and count the request only when it is allowed (a client that waits its
// Retry-After gets through). The clock is Redis's own (TIME), so instances with skewed clocks share
// windows; ARGV[3] may pin "now" for tests. KEYS[1] = bucket base key; ARGV: limit, window ms, now ms|''.
// Returns {allowed 0/1, current, previous, elapsed ms}.
const CONSUME_SCRIPT = `
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local index = math.floor(now / window)
local elapsed = now - index * window
local curKey = KEYS[1] .. ':' .. string.format('%d', index)
local prevKey = KEYS[1] .. ':' .. string.format('%d', index - 1)
local cur = tonumber(redis.call('GET', curKey) or '0')
local prev = tonumber(redis.call('GET', prevKey) or '0')
local allowed = 0
if prev * (1 - elapsed / window) + cur + 1 <= limit then
  cur = redis.call('INCR', curKey)
  if cur == 1 then redis.call('PEXPIRE', curKey, window * 2) end
  allowed = 1
end
return {allowed, cur, prev, elapsed}
`;
const CONSUME_SHA = createHash('sha1').update(CONSUME_SCRIPT).digest('hex');

/** Thrown when Redis cannot answer; the caller falls back to its in-process limiter. */
export class RateLimitStoreUnavailable extends Error {}

/**
 * The shared limiter: one EVALSHA per request. Short command timeout and no offline queue, like the
 * cache, so a dead Redis costs a request at most one timeout (the service then trips a circuit).
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly client;
  private readonly keys: CacheKeys;
  lastError: string | undefined;

  constructor(
    private readonly options: RedisRateLimiterOptions,
    /** Tests pin the clock; production uses Redis TIME. */
    private readonly now?: () => number,
  ) {
    this.keys = new CacheKeys(options.keyPrefix);
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs },
      socket: {
        connectTimeout: Math.max(1000, options.commandTimeoutMs),
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5000),
      },
    });
    this.client.on('error', (e: Error) => {
      this.lastError = e?.message || String(e);
    });
    this.client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  /** Connects in the background: the service starts and answers while Redis is down. */
  start(onError: (e: Error) => void): void {
    this.client.connect().catch((e: unknown) => onError(e as Error));
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  async consume(bucket: string): Promise<RateDecision> {
    if (!this.client.isReady) throw new RateLimitStoreUnavailable(this.lastError ?? 'redis not connected');
    const args = [
      String(this.options.limit),
      String(this.options.windowMs),
      this.now ? String(Math.floor(this.now())) : '',
    ];
    const key = this.keys.rateLimitBucket(bucket);
    let reply: unknown;
    try {
      reply = await this.client.sendCommand(['EVALSHA', CONSUME_SHA, '1', key, ...args]);
    } catch (e) {
      if (!String((e as Error).message).includes('NOSCRIPT')) throw e;
      reply = await this.client.sendCommand(['EVAL', CONSUME_SCRIPT, '1', key, ...args]);
    }
    const [allowed, current, previous, elapsedMs] = (reply as unknown[]).map(Number);
    if (allowed === 1) return { allowed: true, retryAfterSeconds: 0 };
    // Redis said no; the shared rule computes how long to wait.
    const decision = decide({ current, previous, elapsedMs }, this.options.limit, this.options.windowMs);
    return decision.allowed ? { allowed: false, retryAfterSeconds: 1 } : decision;
  }

  async close(): Promise<void> {
    if (this.client.isReady) await this.client.close().catch(() => this.client.destroy());
    else if (this.client.isOpen) this.client.destroy();
  }
}
