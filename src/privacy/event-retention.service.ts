import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  dropAllCachedLists,
  type CacheDropOutcome,
  type CachedListsInvalidation,
} from '../cache/cached-users-flush.js';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PrivacyRepository, type PruneCounts } from './privacy.repository.js';

export type RetentionConfig = Pick<AppConfig, 'EVENT_RETENTION_DAYS' | 'RETENTION_SWEEP_MINUTES'>;

const DAY_MS = 86_400_000;

export interface PruneSummary extends PruneCounts {
  /** Events that occurred before this instant were deleted. */
  cutoff: Date;
  retentionDays: number;
  dryRun: boolean;
  /**
   * After events were deleted: users whose cached lists and purchase history were dropped, or why they could
   * not be (they are then served until CACHE_TTL_SECONDS); absent when there was nothing to drop or no cache.
   */
  cache?: CacheDropOutcome;
}

/** The instant before which events are out of retention: `days` back from `now` (the wall clock). */
export function retentionCutoff(days: number, now: Date): Date {
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`retention must be a whole number of days ≥ 1 (got ${days})`);
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Event retention: deletes events older than EVENT_RETENTION_DAYS (counted back from the wall clock)
 * and the users left without events. Run by `tailor prune-events`, and every RETENTION_SWEEP_MINUTES
 * inside the service when that is set. Both are off by default (0): the demo data is from 2011 and
 * any retention would delete all of it.
 */
@Injectable()
export class EventRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Retention');
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    private readonly repository: PrivacyRepository,
    @Inject(APP_CONFIG) private readonly config: RetentionConfig,
    @Optional() @Inject(RecommendationCacheService) private readonly cachedLists?: CachedListsInvalidation,
  ) {
    if (config.RETENTION_SWEEP_MINUTES > 0 && config.EVENT_RETENTION_DAYS === 0) {
      throw new Error(
        'RETENTION_SWEEP_MINUTES is set but EVENT_RETENTION_DAYS is 0 (keep forever): set both, or neither',
      );
    }
  }

  /** Prunes with the configured retention, or `days` when given. */
  async prune(options: { days?: number; now?: Date; dryRun?: boolean } = {}): Promise<PruneSummary> {
    const days = options.days ?? this.config.EVENT_RETENTION_DAYS;
    const cutoff = retentionCutoff(days, options.now ?? new Date());
    const dryRun = options.dryRun ?? false;
    const counts = dryRun
      ? { events: await this.repository.countEventsBefore(cutoff), users: 0 }
      : await this.repository.pruneBefore(cutoff);
    // Cached lists and purchase histories were computed from the deleted events too.
    const cache =
      !dryRun && counts.events > 0 && this.cachedLists ? await dropAllCachedLists(this.cachedLists) : undefined;
    return { ...counts, cutoff, retentionDays: days, dryRun, ...(cache ? { cache } : {}) };
  }

  onApplicationBootstrap(): void {
    const minutes = this.config.RETENTION_SWEEP_MINUTES;
    if (minutes === 0) return;
    this.log.log(`Deleting events older than ${this.config.EVENT_RETENTION_DAYS} days every ${minutes} min`);
    this.timer = setInterval(() => void this.sweep(), minutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  // Several instances may sweep at the same moment: the DELETEs then find fewer rows, nothing worse.
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    const run = this.prune()
      .then((s) => {
        if (s.events + s.users > 0) {
          this.log.log(
            `Deleted ${s.events} events before ${s.cutoff.toISOString()} and ${s.users} users without events`,
          );
        }
        if (s.cache && 'error' in s.cache) {
          this.log.warn(`cached lists not dropped after the sweep (${s.cache.error}): served until they expire`);
        }
      })
      .catch((e: unknown) => this.log.warn(`retention sweep failed: ${(e as Error).message}`))
      .finally(() => (this.sweeping = undefined));
    this.sweeping = run;
    await run;
  }
}
