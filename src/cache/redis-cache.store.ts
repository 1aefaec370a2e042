import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createClient } from 'redis';
import type { ComponentHealth } from '../health/health.service.js';
import { CacheKeys, decodeEntry, encodeEntry } from './cache-keys.js';
import { dropCachedUsers } from './cached-users-flush.js';
import { CommandDeadline } from './command-deadline.js';
import { failFastClientOptions } from '../redis/fail-fast-client.js';
import { TrackedLocalCache } from './tracked-local-cache.js';
import type { CacheBounds, CacheStore } from './cache-store.js';

export interface RedisCacheOptions extends CacheBounds {
  url: string;
  keyPrefix: string;
  /** Per-command timeout (until the reply arrives); a slower answer counts as a failure. */
  commandTimeoutMs: number;
  /** How long to skip Redis after a failure before trying again (circuit breaker). */
  circuitOpenMs?: number;
  /** Entries kept in this process (client-side caching; 0 = off); default LOCAL_CACHE_ENTRIES. */
  localEntries?: number;
}

/** Hot entries each instance keeps in memory (about 0.6 KB each for 10 items). */
export const LOCAL_CACHE_ENTRIES = 10_000;
/** Characters of values kept locally at most (~32 MB of one-byte text): purchase histories weigh up to ~40 kB each. */
export const LOCAL_CACHE_CHARS = 32 * 1024 * 1024;
/** How often an instance that answers reads locally checks that Redis still answers (and so notifies). */
const HEARTBEAT_MS = 1000;

// One round trip per write, atomic: store the entry, cap the user's entries (expired first, then the
// oldest), refresh the hash TTL, record the user in the index and trim the index to maxUsers
// (dropping the evicted users' hashes). KEYS[1] user hash, KEYS[2] users index.
// ARGV: field, stored value, ttl ms, max entries per user, now ms, max users.
// It deletes evicted user keys it was not passed, so it needs a standalone Redis (not a cluster).
const SET_SCRIPT = `
local key, index = KEYS[1], KEYS[2]
local field, value = ARGV[1], ARGV[2]
local ttl, maxEntries, now, maxUsers = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
if redis.call('HEXISTS', key, field) == 0 and redis.call('HLEN', key) >= maxEntries then
  local all = redis.call('HGETALL', key)
  local oldestField, oldestExp = nil, nil
  local live = 0
  for i = 1, #all, 2 do
    local exp = tonumber(string.match(all[i + 1], '^(%d+)|')) or 0
    if exp <= now then
      redis.call('HDEL', key, all[i])
    else
      live = live + 1
      if oldestExp == nil or exp < oldestExp then oldestField, oldestExp = all[i], exp end
    end
  end
  if live >= maxEntries and oldestField then redis.call('HDEL', key, oldestField) end
end
redis.call('HSET', key, field, value)
redis.call('PEXPIRE', key, ttl)
redis.call('ZADD', index, now, key)
redis.call('ZREMRANGEBYSCORE', index, '-inf', now - ttl)
local n = redis.call('ZCARD', index)
if n > maxUsers then
  local victims = redis.call('ZRANGE', index, 0, n - maxUsers - 1)
  redis.call('ZREMRANGEBYRANK', index, 0, n - maxUsers - 1)
  for _, victim in ipairs(victims) do redis.call('DEL', victim) end
end
return n
`;
const SET_SCRIPT_SHA = createHash('sha1').update(SET_SCRIPT).digest('hex');

/**
 * The shared cache. Commands have a short timeout and the offline queue is off, so a dead or slow
 * Redis costs a request at most one timeout; after a failure a circuit skips Redis for a while
 * (the client keeps reconnecting in the background) and the service answers uncached.
 *
 * Reads use Redis client-side caching (RESP3 `CLIENT TRACKING`, TrackedLocalCache): an entry read
 * once is answered from this process until Redis reports that the user's hash changed (a write or
 * invalidation by any instance, expiry, eviction) or the connection drops, so a repeated hit costs no
 * round trip. This instance's own writes drop its local copy at once; another instance's write
 * reaches it as an invalidation message, within about a round trip of that write.
 */
export class RedisCacheStore implements CacheStore {
  private readonly logger = new Logger('RedisCache');
  private readonly client;
  private readonly keys: CacheKeys;
  private readonly deadline: CommandDeadline;
  private readonly circuitOpenMs: number;
  private openUntil = 0;
  private lastError: string | undefined;
  private lastLoggedAt = 0;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly local: TrackedLocalCache | undefined;

  constructor(
    private readonly options: RedisCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new CacheKeys(options.keyPrefix);
    this.circuitOpenMs = options.circuitOpenMs ?? 2000;
    this.deadline = new CommandDeadline(options.commandTimeoutMs);
    const localEntries = options.localEntries ?? LOCAL_CACHE_ENTRIES;
    this.client = createClient({
      ...failFastClientOptions(options.url, options.commandTimeoutMs),
      RESP: 3,
      // CLIENT TRACKING ON at every (re)connection; invalidation messages arrive as 'invalidate' events.
      emitInvalidate: localEntries > 0,
    });
    this.client.on('error', (e: Error) => this.noteError(e));
    if (localEntries > 0) {
      const local = new TrackedLocalCache(localEntries, LOCAL_CACHE_CHARS);
      this.local = local;
      this.client.on('invalidate', (key: unknown) => local.invalidate(key == null ? null : String(key)));
      // A new connection has a new tracking session: nothing read on the old one is tracked any more.
      for (const event of ['error', 'end', 'reconnecting', 'ready'])
        this.client.on(event, () => local.invalidate(null));
    }
    this.client.on('ready', () => {
      if (this.lastError) this.logger.log('Redis connection (re)established');
      this.lastError = undefined;
      this.openUntil = 0;
    });
  }

  /** Starts connecting without waiting: the service must start (and answer) while Redis is down. */
  start(): void {
    this.client.connect().catch((e: unknown) => this.noteError(e as Error));
    if (this.local) {
      // Local copies are only as fresh as the invalidation messages: a connection that silently stops
      // delivering them must be noticed even while every read is answered locally.
      this.heartbeat = setInterval(() => {
        if (this.usable()) this.deadline.run(this.client.ping()).catch((e: unknown) => this.trip(e as Error));
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  async get(userId: string, field: string): Promise<string | null> {
    if (!this.usable()) return null;
    try {
      const key = this.keys.userRecommendations(userId);
      const read = () => this.deadline.run(this.client.hGet(key, field));
      // A local copy may be null too: the field was absent when read (a miss needs no round trip either).
      let stored = this.local?.get(key, field);
      if (stored === undefined) stored = this.local ? await this.local.load(key, field, read) : await read();
      return stored == null ? null : decodeEntry(String(stored), this.now());
    } catch (e) {
      this.trip(e as Error);
      return null;
    }
  }

  async set(userId: string, field: string, value: string): Promise<void> {
    if (!this.usable()) return;
    const now = this.now();
    const ttlMs = this.options.ttlSeconds * 1000;
    const args = [
      field,
      encodeEntry(value, now + ttlMs),
      String(ttlMs),
      String(this.options.maxEntriesPerUser),
      String(now),
      String(this.options.maxUsers),
    ];
    const keys = [this.keys.userRecommendations(userId), this.keys.usersIndex()];
    try {
      try {
        await this.deadline.run(this.client.sendCommand(['EVALSHA', SET_SCRIPT_SHA, '2', ...keys, ...args]));
      } catch (e) {
        if (!String((e as Error).message).includes('NOSCRIPT')) throw e;
        await this.deadline.run(this.client.sendCommand(['EVAL', SET_SCRIPT, '2', ...keys, ...args]));
      }
    } catch (e) {
      this.trip(e as Error);
    } finally {
      this.forgetLocal(keys[0]);
    }
  }

  async invalidateUser(userId: string): Promise<void> {
    if (!this.usable()) return;
    const key = this.keys.userRecommendations(userId);
    try {
      await this.deadline.run(this.client.multi().del(key).zRem(this.keys.usersIndex(), key).exec());
    } catch (e) {
      // A missed invalidation is bounded by CACHE_TTL_SECONDS; it is logged, not fatal.
      this.trip(e as Error);
    } finally {
      this.forgetLocal(key);
    }
  }

  async invalidateAll(): Promise<number> {
    try {
      const client = { sendCommand: (args: string[]) => this.deadline.run(this.client.sendCommand(args)) };
      return await dropCachedUsers(client, this.options.keyPrefix);
    } finally {
      this.local?.invalidate(null);
    }
  }

  async health(): Promise<ComponentHealth> {
    if (!this.client.isReady) {
      return { status: 'degraded', detail: `redis unavailable (${this.lastError ?? 'connecting'}); serving uncached` };
    }
    if (this.now() < this.openUntil) {
      return { status: 'degraded', detail: `redis circuit open after: ${this.lastError}; serving uncached` };
    }
    try {
      await this.deadline.run(this.client.ping());
      return { status: 'ok', detail: 'redis' };
    } catch (e) {
      this.trip(e as Error);
      return { status: 'degraded', detail: `redis ping failed (${(e as Error).message}); serving uncached` };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    // close() waits for pending replies: a hung Redis would hold shutdown forever without the deadline.
    if (this.client.isReady) await this.deadline.run(this.client.close()).catch(() => this.client.destroy());
    else if (this.client.isOpen) this.client.destroy();
  }

  /** Reads answered from this process's copy (client-side caching), for tests and diagnostics. */
  get localHits(): number {
    return this.local?.hits ?? 0;
  }

  // Redis sends this client the invalidation of its own write too, but after the reply: drop the copy
  // now, so a read right after a write or invalidation on this instance never sees the old value.
  private forgetLocal(key: string): void {
    this.local?.invalidate(key);
  }

  private usable(): boolean {
    return this.client.isReady && this.now() >= this.openUntil;
  }

  private trip(e: Error): void {
    this.openUntil = this.now() + this.circuitOpenMs;
    // Invalidation messages may have been lost with the replies: drop every local copy.
    this.local?.invalidate(null);
    this.noteError(e);
  }

  private noteError(e: Error): void {
    this.lastError = e?.message || String(e);
    // At most one log line per 10 s: a dead Redis must not flood the log.
    if (this.now() - this.lastLoggedAt > 10_000) {
      this.lastLoggedAt = this.now();
      this.logger.warn(`Redis cache error: ${this.lastError}`);
    }
  }
}
