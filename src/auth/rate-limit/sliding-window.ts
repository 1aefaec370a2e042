// Sliding-window counter (the approximation Cloudflare describes in "How we built rate limiting
// capable of scaling to millions of domains", 2017): fixed windows of length W, and the rate at time t
// estimated as  prev × (1 − elapsed/W) + cur,  where cur counts the current window, prev the one
// before, and elapsed is the time since the current window began. Two counters per key, no
// per-request log, and no 2× burst at window edges as a plain fixed window allows.
// The Redis Lua script in redis-rate-limiter.ts applies the same rule; keep them in step.

export interface WindowCounts {
  /** Requests counted in the current window and in the previous one. */
  current: number;
  previous: number;
  /** Milliseconds since the current window started, 0 ≤ elapsedMs < windowMs. */
  elapsedMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When rejected: whole seconds (≥ 1) until a request would be allowed again if none is made meanwhile. */
  retryAfterSeconds: number;
}

/** A request is allowed when the estimate including itself stays within the limit. */
export function allows(c: WindowCounts, limit: number, windowMs: number): boolean {
  return c.previous * (1 - c.elapsedMs / windowMs) + c.current + 1 <= limit;
}

/**
 * Milliseconds until `allows` turns true, assuming no further counted requests: either later in this
 * window (the previous window's weight decays) or in the next one (this window becomes "previous").
 */
export function retryAfterMs(c: WindowCounts, limit: number, windowMs: number): number {
  if (allows(c, limit, windowMs)) return 0;
  const left = windowMs - c.elapsedMs;
  if (c.current + 1 <= limit && c.previous > 0) {
    // prev × (1 − (elapsed + d)/W) + cur + 1 ≤ limit
    const d = windowMs * (1 - (limit - c.current - 1) / c.previous) - c.elapsedMs;
    if (d < left) return Math.max(0, d);
  }
  if (limit < 1) return Number.POSITIVE_INFINITY;
  // Next window, t after its start: cur × (1 − t/W) + 1 ≤ limit
  const t = c.current === 0 ? 0 : Math.max(0, windowMs * (1 - (limit - 1) / c.current));
  return left + t;
}

export function decide(c: WindowCounts, limit: number, windowMs: number): RateDecision {
  if (allows(c, limit, windowMs)) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs(c, limit, windowMs) / 1000)) };
}

/** Index of the window containing `nowMs`, and the time elapsed in it. */
export function windowAt(nowMs: number, windowMs: number): { index: number; elapsedMs: number } {
  const index = Math.floor(nowMs / windowMs);
  return { index, elapsedMs: nowMs - index * windowMs };
}
