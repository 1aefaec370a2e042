import { Injectable } from '@nestjs/common';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { DecodedTextMemo } from '../common/decoded-text-memo.js';
import type { PurchaseLine } from './ranking/user-history.js';
import { RecommendationsRepository } from './recommendations.repository.js';

/** Cached form: [internal item id, basket key, time ms] per line, newest first. */
type EncodedLine = [string, string, number];

/**
 * A user's purchase lines, which every list of the user is computed from — from PostgreSQL once, then
 * from the per-user cache hash until a purchase deletes that hash (EventsService, forgetUser), on any
 * instance: the client-side copies of the hash are invalidated through Redis tracking, so an instance
 * never ranks on lines older than the newest purchase recorded through the API. Writes around the API (an
 * import, event retention) drop every user's hash too (cached-users-flush.ts).
 * This takes the database off the path of a cache miss for returning users, and off a list cache bypass.
 */
@Injectable()
export class PurchaseHistoryService {
  // Decoded lines weigh ~3× their text: 8 M characters of text keep ~50 MB of lines at most.
  private readonly decoded = new DecodedTextMemo<readonly PurchaseLine[] | null>(4096, 8 * 1024 * 1024);

  constructor(
    private readonly repository: RecommendationsRepository,
    private readonly cache: RecommendationCacheService,
  ) {}

  /** Newest first, at most 1,000 lines (RecommendationsRepository.userPurchaseLines). Shared: never mutate. */
  async lines(userExternalId: string): Promise<readonly PurchaseLine[]> {
    const cached = await this.cache.getPurchaseHistory(userExternalId);
    const hit = cached === null ? null : this.decoded.get(cached, decodeLines);
    if (hit) return hit;
    const lines = await this.repository.userPurchaseLines(userExternalId);
    await this.cache.setPurchaseHistory(userExternalId, encodeLines(lines));
    return lines;
  }
}

export function encodeLines(lines: readonly PurchaseLine[]): string {
  return JSON.stringify(lines.map((l): EncodedLine => [l.itemId, l.basket, l.ms]));
}

/** null for a text that is not an encoded history (the caller reads the database instead). */
export function decodeLines(text: string): readonly PurchaseLine[] | null {
  try {
    const rows = JSON.parse(text) as unknown;
    if (!Array.isArray(rows)) return null;
    return (rows as EncodedLine[]).map(([itemId, basket, ms]) => ({ itemId, basket, ms }));
  } catch {
    return null;
  }
}
