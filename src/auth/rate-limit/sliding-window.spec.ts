import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { allows, decide, retryAfterMs, windowAt } from './sliding-window.js';

const W = 60_000;

describe('sliding window', () => {
  it('weights the previous window by the part of it still inside the sliding minute', () => {
    // 15 s into the window: 100 × 0.75 + 20 = 95 → room for 5 more at limit 100.
    expect(allows({ previous: 100, current: 20, elapsedMs: 15_000 }, 100, W)).toBe(true);
    expect(allows({ previous: 100, current: 24, elapsedMs: 15_000 }, 100, W)).toBe(true); // 99 + 1
    expect(allows({ previous: 100, current: 25, elapsedMs: 15_000 }, 100, W)).toBe(false); // 100 + 1
  });

  it('says how long to wait: within this window while the previous one decays', () => {
    // 100 × (1 − (15 + d)/60) + 25 + 1 ≤ 100  ⇔  d ≥ 0.6 s
    expect(retryAfterMs({ previous: 100, current: 25, elapsedMs: 15_000 }, 100, W)).toBeCloseTo(600, 6);
    expect(decide({ previous: 100, current: 25, elapsedMs: 15_000 }, 100, W)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it('says how long to wait: into the next window when this one alone is full', () => {
    // Full at 50 s: 10 s to the next window, then 100 × (1 − t/60) + 1 ≤ 100  ⇔  t ≥ 0.6 s.
    expect(retryAfterMs({ previous: 0, current: 100, elapsedMs: 50_000 }, 100, W)).toBeCloseTo(10_600, 6);
    expect(decide({ previous: 0, current: 100, elapsedMs: 50_000 }, 100, W).retryAfterSeconds).toBe(11);
  });

  it('numbers windows from the epoch', () => {
    expect(windowAt(125_000, W)).toEqual({ index: 2, elapsedMs: 5_000 });
  });
});

describe('MemoryRateLimiter', () => {
  it('limits each bucket separately and lets the previous window decay', () => {
    let now = 10 * W; // start of a window
    const limiter = new MemoryRateLimiter(3, W, () => now);
    const take = (b: string) => limiter.consumeSync(b).allowed;
    expect([take('a'), take('a'), take('a'), take('a')]).toEqual([true, true, true, false]);
    expect(take('b')).toBe(true);
    // Next window, 1/3 in: the 3 earlier requests weigh 2 → one more allowed, then full again.
    now = 11 * W + W / 3;
    expect([take('a'), take('a')]).toEqual([true, false]);
    // Two windows later nothing is left.
    now = 13 * W;
    expect([take('a'), take('a'), take('a'), take('a')]).toEqual([true, true, true, false]);
  });

  it('does not count rejected requests', () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(2, W, () => now);
    for (let i = 0; i < 10; i++) limiter.consumeSync('a');
    now = W + W / 2; // previous window held only the 2 allowed ones: 2 × 0.5 = 1 → one more fits
    expect(limiter.consumeSync('a').allowed).toBe(true);
    expect(limiter.consumeSync('a').allowed).toBe(false);
  });

  it('stays bounded in the number of buckets', () => {
    const limiter = new MemoryRateLimiter(5, W, () => 0, 3);
    for (const b of ['a', 'b', 'c', 'd']) limiter.consumeSync(b);
    // 'a' was evicted: it starts afresh with its full allowance.
    for (let i = 0; i < 5; i++) expect(limiter.consumeSync('a').allowed).toBe(true);
  });
});
