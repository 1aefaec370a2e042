import type { RateDecision } from './sliding-window.js';

/** Counts one request of `bucket` and says whether it may proceed. */
export interface RateLimiter {
  consume(bucket: string): Promise<RateDecision>;
}
