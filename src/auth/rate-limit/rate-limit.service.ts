import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { resolveAuthMode } from '../authenticator.js';
import { HealthService, type ComponentHealth, type HealthContributor } from '../../health/health.service.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import type { RateDecision } from './sliding-window.js';

export const RATE_LIMIT_WINDOW_MS = 60_000;
const ALLOW: RateDecision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

/**
 * RATE_LIMIT_PER_MINUTE per API key / token subject. With REDIS_URL the count is shared by every
 * instance; while Redis is unreachable each instance limits on its own (fail open to a per-instance
 * limit rather than to no limit or to refusing traffic) and /health says so as "rateLimit" (listed
 * only while a limit applies: keys mode and RATE_LIMIT_PER_MINUTE > 0).
 */
@Injectable()
export class RateLimitService implements HealthContributor, OnModuleInit, OnApplicationShutdown {
  readonly healthName = 'rateLimit';
  private readonly logger = new Logger('RateLimit');
  readonly limit: number;
  private readonly redis: RedisRateLimiter | undefined;
  private readonly local: MemoryRateLimiter;
  private openUntil = 0;
  private lastLoggedAt = 0;
  private lastError: string | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly healthService: HealthService,
  ) {
    // Open mode admits everyone unlimited, so it needs no limiter (and no Redis connection for one).
    this.limit = resolveAuthMode(config) === 'open' ? 0 : config.RATE_LIMIT_PER_MINUTE;
    this.local = new MemoryRateLimiter(this.limit, RATE_LIMIT_WINDOW_MS);
    if (this.limit > 0 && config.REDIS_URL) {
      this.redis = new RedisRateLimiter({
        url: config.REDIS_URL,
        keyPrefix: config.REDIS_KEY_PREFIX,
        limit: this.limit,
        windowMs: RATE_LIMIT_WINDOW_MS,
        commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
      });
      this.redis.start((e) => this.fallBack(e));
    }
  }

  onModuleInit(): void {
    if (this.limit > 0) this.healthService.register(this);
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  get shared(): boolean {
    return this.redis !== undefined;
  }

  async consume(bucket: string): Promise<RateDecision> {
    if (this.limit <= 0) return ALLOW;
    if (this.redis && Date.now() >= this.openUntil) {
      try {
        return await this.redis.consume(bucket);
      } catch (e) {
        this.fallBack(e as Error);
      }
    }
    return this.local.consumeSync(bucket);
  }

  /** Counts `n` requests of `bucket` (an operation's extra root fields); refused at the first one over the limit. */
  async consumeMany(bucket: string, n: number): Promise<RateDecision> {
    let decision = ALLOW;
    for (let i = 0; i < n && decision.allowed; i++) decision = await this.consume(bucket);
    return decision;
  }

  health(): ComponentHealth {
    if (!this.redis) return { status: 'ok', detail: `${this.limit}/min per key, in-process (no REDIS_URL)` };
    if (!this.redis.ready || Date.now() < this.openUntil) {
      return {
        status: 'degraded',
        detail: `redis unavailable (${this.lastError ?? this.redis.lastError ?? 'connecting'}); limiting per instance`,
      };
    }
    return { status: 'ok', detail: `${this.limit}/min per key, shared through redis` };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }

  // Skip Redis for 2 s after a failure (circuit), and log at most every 10 s.
  private fallBack(e: Error): void {
    this.openUntil = Date.now() + 2000;
    this.lastError = e?.message || String(e);
    if (Date.now() - this.lastLoggedAt > 10_000) {
      this.lastLoggedAt = Date.now();
      this.logger.warn(`Rate limit store unavailable (${this.lastError}): limiting per instance until Redis is back`);
    }
  }
}
