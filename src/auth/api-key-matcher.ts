import { createHash, hash, timingSafeEqual } from 'node:crypto';
import type { CallerRole } from './roles.js';

export interface MatchedKey {
  role: CallerRole;
  /** Non-secret id of the key (a hash prefix) for rate-limit buckets and logs; never the key itself. */
  id: string;
}

interface Entry extends MatchedKey {
  digest: Buffer;
}

// One-shot hash (no Hash object per request): this runs for every GraphQL request.
const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Non-secret id of a key: 12 hex digits of a SHA-256 of it (domain-separated from the matcher digests). */
export function keyId(key: string): string {
  return `key-${createHash('sha256').update(`tailor-key-id:${key}`).digest('hex').slice(0, 12)}`;
}

/**
 * Looks an API key up among the configured ones in constant time: both sides are SHA-256 digests
 * (equal length whatever the key's length), every configured key is compared with timingSafeEqual,
 * and the loop never exits early, so timing reveals neither which key matched nor how much of it.
 */
export class ApiKeyMatcher {
  private readonly entries: Entry[];

  constructor(
    keys: { storefront: readonly string[]; admin: readonly string[] },
    /** Injected only by tests, to observe that every key is compared. */
    private readonly equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
  ) {
    this.entries = [
      ...keys.storefront.map((k) => ({ role: 'storefront' as const, id: keyId(k), digest: sha256(k) })),
      ...keys.admin.map((k) => ({ role: 'admin' as const, id: keyId(k), digest: sha256(k) })),
    ];
  }

  get size(): number {
    return this.entries.length;
  }

  match(candidate: string): MatchedKey | null {
    const digest = sha256(candidate);
    let found: Entry | null = null;
    for (const entry of this.entries) {
      // No `break`: the work done is the same whether and where the key matches.
      if (this.equal(entry.digest, digest)) found = entry;
    }
    return found ? { role: found.role, id: found.id } : null;
  }
}
