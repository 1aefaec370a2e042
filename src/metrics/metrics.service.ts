import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label value for GraphQL root fields that take no placement argument. */
export const NO_PLACEMENT = 'none';

// Seconds. Dense between 1 and 50 ms, where the latency targets sit (p99 ≤ 15 / 30 ms).
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one, so two
 * app instances in one process — tests — do not collide):
 *   tailor_graphql_request_duration_seconds{operation,placement,outcome}  histogram
 *   tailor_recommendation_cache_lookups_total{result="hit"|"miss"}        counter
 *   tailor_recommendation_cache_hit_ratio                                  gauge, hits / lookups since start
 *   tailor_model_info{version}                                             gauge, 1 for the serving version
 *   process_* / nodejs_*                                                   prom-client default metrics
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'operation' | 'placement' | 'outcome'>;
  private readonly cacheLookups: Counter<'result'>;
  private readonly modelInfo: Gauge<'version'>;
  private hits = 0;
  private misses = 0;
  private modelVersion: string | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'tailor_graphql_request_duration_seconds',
      help: 'GraphQL request latency from receipt of the parsed request to the response, by root field and placement',
      labelNames: ['operation', 'placement', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.cacheLookups = new Counter({
      name: 'tailor_recommendation_cache_lookups_total',
      help: 'Per-user recommendation cache lookups (requests that bypass the cache are not counted)',
      labelNames: ['result'],
      registers: [this.registry],
    });
    // Both label values exist from the start, so a ratio query never sees a missing series.
    this.cacheLookups.inc({ result: 'hit' }, 0);
    this.cacheLookups.inc({ result: 'miss' }, 0);
    // Computed at scrape time, so the hot path only increments two numbers.
    const hitRatio = (): number => (this.hits + this.misses === 0 ? 0 : this.hits / (this.hits + this.misses));
    new Gauge({
      name: 'tailor_recommendation_cache_hit_ratio',
      help: 'Cache hits / cache lookups since the process started (0 before the first lookup)',
      registers: [this.registry],
      collect() {
        this.set(hitRatio());
      },
    });
    this.modelInfo = new Gauge({
      name: 'tailor_model_info',
      help: 'The model version serving recommendations (value 1); version="baseline" while no trained model serves',
      labelNames: ['version'],
      registers: [this.registry],
    });
    this.modelInfo.set({ version: 'baseline' }, 1);
  }

  observeRequest(operation: string, placement: string, outcome: 'ok' | 'error', seconds: number): void {
    this.requestDuration.observe({ operation, placement, outcome }, seconds);
  }

  recordCacheLookup(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
    this.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  }

  /** Called on every model swap; null = baselines. */
  setModelVersion(version: string | null): void {
    const next = version ?? 'baseline';
    if (next === this.modelVersion) return;
    this.modelInfo.reset();
    this.modelInfo.set({ version: next }, 1);
    this.modelVersion = next;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onApplicationShutdown(): void {
    this.registry.clear();
  }
}
