import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PeriodicRefresh } from '../common/periodic-refresh.js';
import type { Candidate } from './ranking/candidate.js';
import { popularityWindow, rankByCount, rankTrending } from './ranking/baseline-scores.js';
import { RecommendationsRepository } from './recommendations.repository.js';

export interface PopularitySnapshot {
  /** Increases on every recomputation: memos derived from the data key on it. */
  version: number;
  /** Newest purchase time (ms): the "now" of the window. Null when there are no purchases. */
  anchorMs: number | null;
  /** Over the last POPULARITY_WINDOW_DAYS, best first, scores normalised to (0, 1]. */
  popular: Candidate[];
  trending: Candidate[];
  /** Over all time: the fallback when the window is short of items. */
  popularAllTime: Candidate[];
  basketsByItem: Map<string, number>;
}

export const popularReason = (windowDays: number): string =>
  windowDays <= 7 ? 'Popular this week' : windowDays <= 31 ? 'Popular this month' : 'Popular';

const normalised = (ranked: { itemId: string; score: number }[], source: string, reason: string): Candidate[] => {
  const max = ranked[0]?.score ?? 1;
  return ranked.map((r) => ({ itemId: r.itemId, score: r.score / max, source, reason }));
};

/**
 * Popularity and trending lists in memory, recomputed every SNAPSHOT_REFRESH_SECONDS when the
 * events changed (a cheap fingerprint query decides), so no request aggregates events.
 */
@Injectable()
export class PopularitySnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PopularitySnapshot');
  private current: PopularitySnapshot = {
    version: 0,
    anchorMs: null,
    popular: [],
    trending: [],
    popularAllTime: [],
    basketsByItem: new Map(),
  };
  private fingerprint?: string;
  private readonly refresher = new PeriodicRefresh((force: boolean) => this.load(force), this.logger);

  constructor(
    private readonly repository: RecommendationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): Promise<void> {
    return this.refresher.start(this.config.SNAPSHOT_REFRESH_SECONDS, false);
  }

  onApplicationShutdown(): void {
    this.refresher.stop();
  }

  get(): PopularitySnapshot {
    return this.current;
  }

  /** Recomputes when the data changed (or always with force); concurrent calls share one load. */
  refresh(force = false): Promise<void> {
    return this.refresher.refresh(force);
  }

  private async load(force: boolean): Promise<void> {
    const fingerprint = await this.repository.dataFingerprint();
    if (!force && fingerprint === this.fingerprint) return;
    const windowDays = this.config.POPULARITY_WINDOW_DAYS;
    const anchorMs = await this.repository.newestPurchaseMs();
    const allTime = await this.repository.allTimeCounts();
    let popular: Candidate[] = [];
    let trending: Candidate[] = [];
    if (anchorMs !== null) {
      const w = popularityWindow(anchorMs, windowDays);
      const counts = await this.repository.windowCounts(w.start, w.middle);
      popular = normalised(
        rankByCount(counts, (r) => r.total),
        'popular',
        popularReason(windowDays),
      );
      trending = normalised(rankTrending(counts), 'trending', 'Trending');
    }
    this.current = {
      version: this.current.version + 1,
      anchorMs,
      popular,
      trending,
      popularAllTime: normalised(
        rankByCount(allTime, (r) => r.users),
        'popular',
        'Popular with our customers',
      ),
      basketsByItem: new Map(allTime.map((r) => [r.itemId, r.baskets])),
    };
    this.fingerprint = fingerprint;
  }
}
