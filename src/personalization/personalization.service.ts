import { Injectable, Logger } from '@nestjs/common';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { subjectDigest } from '../privacy/privacy.service.js';
import type { PersonalizationPreference } from './personalization-preference.js';
import { PersonalizationRepository } from './personalization.repository.js';

export interface PreferenceOutcome extends PersonalizationPreference {
  /** False when the switch already had this value (nothing recorded). */
  changed: boolean;
}

/**
 * The customer's right to refuse personalisation (GDPR art. 21, PIPL art. 24): the switch, read on every list
 * request; an opted-out customer gets non-personalised lists, no computed profile, and is left out of
 * experiments, audiences and exports.
 */
@Injectable()
export class PersonalizationService {
  private readonly audit = new Logger('PrivacyAudit');

  constructor(
    private readonly repository: PersonalizationRepository,
    private readonly cache: RecommendationCacheService,
  ) {}

  async get(userId: string): Promise<PersonalizationPreference> {
    const stored = await this.repository.find(userId);
    return stored ?? { userId, personalized: true, changedAt: null, source: null };
  }

  /** Whether lists for this customer may use their data. */
  async allows(userId: string): Promise<boolean> {
    return !(await this.repository.isOptedOut(userId));
  }

  async set(userId: string, personalized: boolean, source: string, changedBy: string): Promise<PreferenceOutcome> {
    const { preference, changed } = await this.repository.set({ userId, personalized, source, changedBy });
    // After the commit, on every change: a list cached before an opt-out is personalised, and one cached
    // before an opt-in may be stale. Requests of an opted-out customer never read the cache anyway.
    if (changed) await this.cache.invalidateUser(userId);
    this.audit.log(
      `setPersonalization subject=sha256:${subjectDigest(userId)} by=${changedBy} source=${source} ` +
        `personalized=${personalized} changed=${changed}`,
    );
    const view = preference ?? { userId, personalized: true, changedAt: null, source: null };
    return { ...view, changed };
  }
}
