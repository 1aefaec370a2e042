import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { ContactFrequencyService } from '../contact-frequency/contact-frequency.service.js';
import { PrivacyRepository } from './privacy.repository.js';
import { UserDataErasers } from './user-data-eraser.js';

export interface ForgetUserOutcome {
  userId: string;
  /** Whether anything was stored about the user (a users row or rows of a registered eraser). */
  deleted: boolean;
  events: number;
  /** Segment (profile) rows deleted: 0 or 1. */
  profiles: number;
  /** Rows deleted by each registered eraser (e.g. experiment assignments and exposures). */
  erased: { name: string; rows: number }[];
  /**
   * False when the cache backend was unreachable: the user's cached lists then expire within CACHE_TTL_SECONDS
   * and the contact-frequency impressions within their cap's window.
   */
  cacheInvalidated: boolean;
}

/** The audit log names users by a digest, never by their id (the log outlives the erasure). */
export function subjectDigest(externalUserId: string): string {
  return createHash('sha256').update(externalUserId).digest('hex').slice(0, 16);
}

/**
 * "Forget this user": deletes every stored row about the user in one transaction (core tables and
 * the features' registered erasers), then drops the user's cached lists. Idempotent: forgetting an
 * unknown (or already forgotten) user reports deleted: false.
 */
@Injectable()
export class PrivacyService {
  private readonly audit = new Logger('PrivacyAudit');

  constructor(
    private readonly repository: PrivacyRepository,
    private readonly erasers: UserDataErasers,
    private readonly cache: RecommendationCacheService,
    private readonly contactFrequency: ContactFrequencyService,
  ) {}

  async forgetUser(externalUserId: string, requestedBy = 'unknown'): Promise<ForgetUserOutcome> {
    const counts = await this.repository.eraseUser(externalUserId, this.erasers.list());
    // After the commit: a list cached between the invalidation and the commit would otherwise survive.
    await this.cache.invalidateUser(externalUserId);
    const impressionsErased = await this.contactFrequency.forgetUser(externalUserId);
    const cacheInvalidated = (await this.cache.health()).status === 'ok' && impressionsErased;
    const deleted = counts.userRow || counts.erased.some((e) => e.rows > 0);
    const outcome: ForgetUserOutcome = {
      userId: externalUserId,
      deleted,
      events: counts.events,
      profiles: counts.segments,
      erased: counts.erased,
      cacheInvalidated,
    };
    const extra = counts.erased.map((e) => ` ${e.name}=${e.rows}`).join('');
    this.audit.log(
      `forgetUser subject=sha256:${subjectDigest(externalUserId)} by=${requestedBy} deleted=${deleted} ` +
        `events=${counts.events} profiles=${counts.segments}${extra} cache=${cacheInvalidated ? 'invalidated' : 'unreachable'}`,
    );
    return outcome;
  }
}
