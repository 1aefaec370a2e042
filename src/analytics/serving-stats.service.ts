import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository.js';
import { dayOf } from './date-range.js';
import { ServingCounts } from './serving-counts.js';

/** How often each instance adds its counts to serving_daily. */
const FLUSH_MS = 10_000;

/**
 * Served lists per UTC day and placement (requests, cache hits, items shown) for the dashboard's overview.
 * Counting is in memory; a timer adds the counts to the database in one statement, and queries flush first
 * so what this instance served is always included. A failed write keeps the counts for the next one.
 */
@Injectable()
export class ServingStatsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ServingStats');
  private readonly counts = new ServingCounts();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> | null = null;

  constructor(private readonly repository: AnalyticsRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  served(placement: string, cached: boolean, items: number, at = new Date()): void {
    this.counts.add(dayOf(at), placement, cached, items);
  }

  /** Counts a list once it is served (a failed request is not a served list); hands the list on unchanged. */
  counted<T extends { cached: boolean; items: readonly unknown[] }>(placement: string, list: Promise<T>): Promise<T> {
    return list.then((served) => {
      this.served(placement, served.cached, served.items.length);
      return served;
    });
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.counts.size === 0) return;
    this.writing = this.write().finally(() => (this.writing = null));
    await this.writing;
  }

  private async write(): Promise<void> {
    const rows = this.counts.drain();
    try {
      await this.repository.addServingCounts(rows);
    } catch (e) {
      this.counts.restore(rows);
      this.logger.warn(`writing served-list counts failed (${(e as Error).message}); retrying`);
    }
  }
}
