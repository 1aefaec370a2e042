import type { ComponentHealth } from '../health/health.service.js';

/**
 * A bounded per-user cache of serialised result sets. Two implementations: Redis (shared by all
 * instances) and an in-process LRU (without REDIS_URL). Neither ever throws: a failing backend
 * answers "miss" so the service keeps answering uncached.
 */
export interface CacheStore {
  get(userId: string, field: string): Promise<string | null>;
  set(userId: string, field: string, value: string): Promise<void>;
  /** Drops every cached entry of the user (e.g. after a purchase). */
  invalidateUser(userId: string): Promise<void>;
  /**
   * Drops every user's entries (after writes that bypass the API, e.g. the retention sweep); returns how many
   * users had entries. Unlike the request path, a backend error is thrown: the caller reports it.
   */
  invalidateAll(): Promise<number>;
  health(): Promise<ComponentHealth>;
  close(): Promise<void>;
}

export interface CacheBounds {
  ttlSeconds: number;
  maxUsers: number;
  maxEntriesPerUser: number;
}
