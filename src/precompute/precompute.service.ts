import { Injectable } from '@nestjs/common';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { PrecomputeRepository } from './precompute.repository.js';

export interface PrecomputeOptions {
  /** List length; the API's `limit` must equal it for a request to hit (the limit is part of the key). */
  top: number;
  /** Users with an event in this many days before the newest event. */
  activeDays: number;
  /** Users computed at once (each is one indexed query plus scoring). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PrecomputeSummary {
  modelVersion: string;
  users: number;
  /** Lists computed and written to the cache. */
  written: number;
  /** Users whose list for this model and settings was already cached (left as is). */
  alreadyCached: number;
  failed: number;
  firstError?: string;
  seconds: number;
  skipped?: string;
}

export const PRECOMPUTE_PLACEMENT = 'HOME';

/**
 * Fills the per-user cache with HOME lists for active users, through the API's own recommendation
 * service: the entries have exactly the key, content and TTL a request would produce (model version
 * and settings version included), so the first request of such a user is a cache hit.
 */
@Injectable()
export class PrecomputeService {
  constructor(
    private readonly repository: PrecomputeRepository,
    private readonly recommendations: RecommendationsService,
    private readonly serving: ModelServingService,
  ) {}

  async run(opts: PrecomputeOptions): Promise<PrecomputeSummary> {
    const started = performance.now();
    const modelVersion = this.serving.current()?.version ?? 'baseline';
    const summary: PrecomputeSummary = { modelVersion, users: 0, written: 0, alreadyCached: 0, failed: 0, seconds: 0 };
    // Precomputed lists would log experiment exposures nobody saw and skew the test.
    if (await this.repository.experimentRunning(PRECOMPUTE_PLACEMENT)) {
      summary.skipped = `an experiment is running on ${PRECOMPUTE_PLACEMENT}; its lists must come from real traffic`;
      return summary;
    }
    const users = await this.repository.activeUsers(opts.activeDays);
    summary.users = users.length;
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < users.length) {
        const userId = users[next++];
        try {
          const list = await this.recommendations.recommend({
            userId,
            limit: opts.top,
            placement: PRECOMPUTE_PLACEMENT,
          });
          if (list.cached) summary.alreadyCached++;
          else summary.written++;
        } catch (e) {
          summary.failed++;
          summary.firstError ??= `${userId}: ${(e as Error).message}`;
        }
        opts.onProgress?.(++done, users.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  }
}
