import { createHash } from 'node:crypto';

// Every Redis key the service writes is built here, so the key space can be read in one place:
//   <prefix>recs:<user>   HASH  field = placement|limit|filterDigest|modelVersion|settingsVersion[|x<experiment>.<variant>],
//                               value = "<expiresAtMs>|<json>"; the whole hash expires CACHE_TTL_SECONDS
//                               after its last write. One more field, PURCHASE_HISTORY_FIELD, holds the user's
//                               purchase lines (what every list of the user is computed from), so a purchase,
//                               which deletes the hash, drops them together with the lists
//   <prefix>recs-users    ZSET  member = a user's hash key, score = last write (ms); trimmed to CACHE_MAX_USERS
//                               (and walked to drop every user's hash after an import or an event-retention prune)
//   <prefix>rl:{<bucket>}:<window>  STRING  requests of one API key / token subject in one rate-limit
//                               window (window = floor(ms / 60000)); expires after two windows
//   <prefix>imp:<placement>:<user>  ZSET  member = "<batch>:<itemId>", score = when the item was shown (ms):
//                               the contact-frequency guard's impressions; expires with the cap's window

/** The user's purchase lines in the per-user hash (no list field starts with "history"). */
export const PURCHASE_HISTORY_FIELD = 'history|v1';

export interface RecommendationFieldParts {
  placement: string;
  limit: number;
  filterDigest: string;
  /** The serving model's version, or "baseline" before trained models exist. */
  modelVersion: string;
  /**
   * The ranking settings: the rules version and the fingerprint of every setting that changes a list
   * (settings-fingerprint.ts), then the weights' versions; a change makes old entries unreachable.
   */
  settingsVersion: string;
  /** Experiment and variant the list was made for (`x<id>.<variant>`), absent outside experiments. */
  experiment?: string;
}

export class CacheKeys {
  constructor(readonly prefix: string) {}

  /** The per-user hash. The user id is URI-encoded so ':' or spaces in ids cannot forge another key. */
  userRecommendations(userId: string): string {
    return `${this.prefix}recs:${encodeURIComponent(userId)}`;
  }

  /** The index of cached users, used to bound their number. */
  usersIndex(): string {
    return `${this.prefix}recs-users`;
  }

  /** Items shown to a user on a placement (contact-frequency guard). */
  impressions(placement: string, userId: string): string {
    return `${this.prefix}imp:${placement}:${encodeURIComponent(userId)}`;
  }

  /**
   * Base of a rate-limit bucket's counters; the limiter appends `:<window index>`. The bucket is
   * URI-encoded and wrapped in a hash tag so both windows of a bucket share a cluster slot.
   */
  rateLimitBucket(bucket: string): string {
    return `${this.prefix}rl:{${encodeURIComponent(bucket)}}`;
  }
}

/** The hash field of one cached result set. '|' never occurs in the parts (placement is an enum, digests are hex). */
export function recommendationField(p: RecommendationFieldParts): string {
  const parts = [p.placement, p.limit, p.filterDigest, p.modelVersion, p.settingsVersion];
  // Appended only inside an experiment, so fields outside experiments stay as they were.
  if (p.experiment) parts.push(p.experiment);
  return parts.join('|');
}

/** JSON with object keys sorted, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A short digest of a normalised filter (callers sort its lists first, so order does not matter). */
export function filterDigest(normalisedFilter: object): string {
  return createHash('sha1').update(canonicalJson(normalisedFilter)).digest('hex').slice(0, 16);
}

/** Store format of a cached value: it carries its own expiry, since a hash field has no TTL of its own. */
export function encodeEntry(value: string, expiresAtMs: number): string {
  return `${expiresAtMs}|${value}`;
}

/** The value of a stored entry, or null when it is malformed or expired at `nowMs`. */
export function decodeEntry(stored: string, nowMs: number): string | null {
  const bar = stored.indexOf('|');
  if (bar <= 0) return null;
  const expiresAt = Number(stored.slice(0, bar));
  if (!Number.isFinite(expiresAt) || expiresAt <= nowMs) return null;
  return stored.slice(bar + 1);
}
