import { randomBytes } from 'node:crypto';
import { CacheKeys } from '../cache/cache-keys.js';
import type { Impression } from '../ml/segments/contact-frequency.js';
import { PLACEMENTS } from '../placements/placement.js';
import { GuardedRedis } from '../redis/guarded-redis.js';
import { MAX_IMPRESSIONS_PER_LIST, type ImpressionStore } from './impression-store.js';

export interface RedisImpressionStoreOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
}

/**
 * One sorted set per user and placement (`<prefix>imp:<placement>:<user>`): member `<batch>:<itemId>`, score
 * = when it was shown (ms). A write adds the batch, drops what left the window, keeps the newest
 * MAX_IMPRESSIONS_PER_LIST and sets the key to expire with the window, in one MULTI.
 */
export class RedisImpressionStore implements ImpressionStore {
  private readonly redis: GuardedRedis;
  private readonly keys: CacheKeys;

  constructor(options: RedisImpressionStoreOptions) {
    this.keys = new CacheKeys(options.keyPrefix);
    this.redis = new GuardedRedis({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs,
      name: 'impressions',
    });
    this.redis.start();
  }

  recent(userId: string, placement: string, sinceMs: number): Promise<Impression[] | null> {
    return this.redis.run(async (c) => {
      const rows = await c.zRangeWithScores(this.keys.impressions(placement, userId), `(${sinceMs}`, '+inf', {
        BY: 'SCORE',
      });
      return rows.map((r) => ({ itemId: String(r.value).slice(String(r.value).indexOf(':') + 1), shownAt: r.score }));
    }, null);
  }

  async record(
    userId: string,
    placement: string,
    itemIds: readonly string[],
    shownAtMs: number,
    keepMs: number,
  ): Promise<void> {
    if (itemIds.length === 0) return;
    const key = this.keys.impressions(placement, userId);
    // Members must be unique per impression: the same item shown again is a new member.
    const batch = randomBytes(6).toString('base64url');
    await this.redis.run(
      (c) =>
        c
          .multi()
          .zAdd(
            key,
            itemIds.map((id) => ({ score: shownAtMs, value: `${batch}:${id}` })),
          )
          .zRemRangeByScore(key, '-inf', shownAtMs - keepMs)
          .zRemRangeByRank(key, 0, -(MAX_IMPRESSIONS_PER_LIST + 1))
          .pExpire(key, Math.ceil(keepMs))
          .exec(),
      undefined,
    );
  }

  async forgetUser(userId: string): Promise<boolean> {
    const keys = PLACEMENTS.map((p) => this.keys.impressions(p, userId));
    return this.redis.run(async (c) => {
      await c.del(keys);
      return true;
    }, false);
  }

  close(): Promise<void> {
    return this.redis.close();
  }
}
