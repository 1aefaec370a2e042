import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { HealthService, type ComponentHealth, type HealthContributor } from '../health/health.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PURCHASE_HISTORY_FIELD } from './cache-keys.js';
import type { CacheStore } from './cache-store.js';
import { MemoryCacheStore } from './memory-cache.store.js';
import { RedisCacheStore } from './redis-cache.store.js';

/** The per-user result cache: Redis when REDIS_URL is set, else in-process. Reports itself on /health as "cache". */
@Injectable()
export class RecommendationCacheService implements CacheStore, HealthContributor, OnModuleInit, OnApplicationShutdown {
  readonly healthName = 'cache';
  private readonly store: CacheStore;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly healthService: HealthService,
    // Hit/miss counts for /metrics; optional so that standalone contexts (CLI, tests) need no metrics.
    @Optional() private readonly metrics?: MetricsService,
  ) {
    const bounds = {
      ttlSeconds: config.CACHE_TTL_SECONDS,
      maxUsers: config.CACHE_MAX_USERS,
      maxEntriesPerUser: config.CACHE_MAX_ENTRIES_PER_USER,
    };
    if (config.REDIS_URL) {
      const redis = new RedisCacheStore({
        ...bounds,
        url: config.REDIS_URL,
        keyPrefix: config.REDIS_KEY_PREFIX,
        commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
      });
      redis.start();
      this.store = redis;
    } else {
      this.store = new MemoryCacheStore(bounds);
    }
  }

  onModuleInit(): void {
    this.healthService.register(this);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  async get(userId: string, field: string): Promise<string | null> {
    const value = await this.store.get(userId, field);
    this.metrics?.recordCacheLookup(value !== null);
    return value;
  }

  /** The user's cached purchase lines (encoded), or null; not counted as a list lookup in /metrics. */
  getPurchaseHistory(userId: string): Promise<string | null> {
    return this.store.get(userId, PURCHASE_HISTORY_FIELD);
  }

  setPurchaseHistory(userId: string, encoded: string): Promise<void> {
    return this.store.set(userId, PURCHASE_HISTORY_FIELD, encoded);
  }

  set(userId: string, field: string, value: string): Promise<void> {
    return this.store.set(userId, field, value);
  }

  invalidateUser(userId: string): Promise<void> {
    return this.store.invalidateUser(userId);
  }

  /** Every user's cached lists and purchase history (CacheStore.invalidateAll); throws on a backend error. */
  invalidateAll(): Promise<number> {
    return this.store.invalidateAll();
  }

  health(): Promise<ComponentHealth> {
    return this.store.health();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
