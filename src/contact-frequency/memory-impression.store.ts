import type { Impression } from '../ml/segments/contact-frequency.js';
import { MAX_IMPRESSIONS_PER_LIST, type ImpressionStore } from './impression-store.js';

interface Shown {
  itemId: string;
  shownAt: number;
}

/**
 * In-process impressions (no REDIS_URL: the embedded single-instance mode). Bounded like the Redis store per
 * list, and in the number of lists: the least recently written are dropped beyond `maxLists`.
 */
export class MemoryImpressionStore implements ImpressionStore {
  private readonly lists = new Map<string, Shown[]>();

  constructor(
    private readonly maxLists = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async recent(userId: string, placement: string, sinceMs: number): Promise<Impression[]> {
    return (this.lists.get(keyOf(placement, userId)) ?? []).filter((s) => s.shownAt > sinceMs);
  }

  async record(
    userId: string,
    placement: string,
    itemIds: readonly string[],
    shownAtMs: number,
    keepMs: number,
  ): Promise<void> {
    if (itemIds.length === 0) return;
    const key = keyOf(placement, userId);
    const horizon = Math.max(shownAtMs, this.now()) - keepMs;
    const kept = (this.lists.get(key) ?? []).filter((s) => s.shownAt > horizon);
    for (const itemId of itemIds) kept.push({ itemId, shownAt: shownAtMs });
    this.lists.delete(key); // re-inserted last: Map order is the eviction order
    this.lists.set(key, kept.slice(-MAX_IMPRESSIONS_PER_LIST));
    while (this.lists.size > this.maxLists) this.lists.delete(this.lists.keys().next().value!);
  }

  async forgetUser(userId: string): Promise<boolean> {
    const suffix = `\u0000${userId}`;
    for (const key of [...this.lists.keys()]) if (key.endsWith(suffix)) this.lists.delete(key);
    return true;
  }

  async close(): Promise<void> {
    this.lists.clear();
  }
}

const keyOf = (placement: string, userId: string) => `${placement}\u0000${userId}`;
