import type { Impression } from '../ml/segments/contact-frequency.js';

/**
 * Where the contact-frequency guard remembers which items a user was shown on a placement. Two
 * implementations: Redis (shared by every instance) and in-process (without REDIS_URL). Neither throws: a
 * store that cannot answer says so with null, and the guard then lets everything through.
 */
export interface ImpressionStore {
  /** The user's impressions on the placement shown after `sinceMs`, or null when the store cannot answer. */
  recent(userId: string, placement: string, sinceMs: number): Promise<Impression[] | null>;
  /** Records that `itemIds` were shown at `shownAtMs`; impressions older than `keepMs` may be dropped. */
  record(
    userId: string,
    placement: string,
    itemIds: readonly string[],
    shownAtMs: number,
    keepMs: number,
  ): Promise<void>;
  /** Drops every impression of the user (forgetUser); false when the store could not be reached. */
  forgetUser(userId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Impressions kept per user and placement at most (the newest): bounds memory whatever the traffic. */
export const MAX_IMPRESSIONS_PER_LIST = 2000;
