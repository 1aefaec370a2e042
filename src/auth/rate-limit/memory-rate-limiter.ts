import { decide, windowAt, type RateDecision } from './sliding-window.js';
import type { RateLimiter } from './rate-limiter.js';

interface Bucket {
  index: number;
  current: number;
  previous: number;
}

/**
 * The same sliding window in process memory: the limiter without REDIS_URL, and the fallback of each
 * instance while Redis is unreachable (then the limit holds per instance, not across them).
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Buckets kept at most; stale ones go first (buckets are keys and token subjects, so few). */
    private readonly maxBuckets = 10_000,
  ) {}

  consume(bucket: string): Promise<RateDecision> {
    return Promise.resolve(this.consumeSync(bucket));
  }

  consumeSync(name: string): RateDecision {
    const { index, elapsedMs } = windowAt(this.now(), this.windowMs);
    let b = this.buckets.get(name);
    if (!b) {
      if (this.buckets.size >= this.maxBuckets) this.evict(index);
      b = { index, current: 0, previous: 0 };
      this.buckets.set(name, b);
    } else if (b.index !== index) {
      b.previous = b.index === index - 1 ? b.current : 0;
      b.current = 0;
      b.index = index;
    }
    const decision = decide({ current: b.current, previous: b.previous, elapsedMs }, this.limit, this.windowMs);
    if (decision.allowed) b.current++;
    return decision;
  }

  private evict(index: number): void {
    for (const [name, b] of this.buckets) if (b.index < index - 1) this.buckets.delete(name);
    // Still full: drop the oldest inserted (Map keeps insertion order).
    while (this.buckets.size >= this.maxBuckets) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
