import type { ComponentHealth } from '../health/health.service.js';
import { decodeEntry, encodeEntry } from './cache-keys.js';
import type { CacheBounds, CacheStore } from './cache-store.js';

/**
 * In-process cache with the same bounds as the Redis one: at most `maxUsers` users (least recently
 * written evicted first; a Map keeps insertion order) and `maxEntriesPerUser` entries each.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly users = new Map<string, Map<string, string>>();

  constructor(
    private readonly bounds: CacheBounds,
    private readonly now: () => number = Date.now,
  ) {}

  async get(userId: string, field: string): Promise<string | null> {
    const stored = this.users.get(userId)?.get(field);
    return stored === undefined ? null : decodeEntry(stored, this.now());
  }

  async set(userId: string, field: string, value: string): Promise<void> {
    const entries = this.users.get(userId) ?? new Map<string, string>();
    this.users.delete(userId);
    this.users.set(userId, entries);
    entries.delete(field);
    while (entries.size >= this.bounds.maxEntriesPerUser) entries.delete(entries.keys().next().value as string);
    entries.set(field, encodeEntry(value, this.now() + this.bounds.ttlSeconds * 1000));
    while (this.users.size > this.bounds.maxUsers) this.users.delete(this.users.keys().next().value as string);
  }

  async invalidateUser(userId: string): Promise<void> {
    this.users.delete(userId);
  }

  async invalidateAll(): Promise<number> {
    const users = this.users.size;
    this.users.clear();
    return users;
  }

  async health(): Promise<ComponentHealth> {
    return { status: 'ok', detail: `in-process cache (no REDIS_URL), ${this.users.size} users` };
  }

  async close(): Promise<void> {
    this.users.clear();
  }

  /** For tests and metrics. */
  size(): { users: number; entries: number } {
    let entries = 0;
    for (const e of this.users.values()) entries += e.size;
    return { users: this.users.size, entries };
  }
}
