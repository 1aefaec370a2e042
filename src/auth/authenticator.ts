import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { ApiKeyMatcher } from './api-key-matcher.js';
import { credentialOf } from './credentials.js';
import type { Principal } from './principal.js';
import { looksLikeToken, verifyToken } from './signed-token.js';

export type AuthMode = 'open' | 'keys';

/** AUTH_MODE, defaulting to `keys` as soon as any key or a token secret is configured. */
export function resolveAuthMode(
  config: Pick<AppConfig, 'AUTH_MODE' | 'STOREFRONT_API_KEYS' | 'ADMIN_API_KEYS' | 'ADMIN_TOKEN_SECRET'>,
): AuthMode {
  if (config.AUTH_MODE) return config.AUTH_MODE;
  const any = config.STOREFRONT_API_KEYS.length + config.ADMIN_API_KEYS.length > 0 || !!config.ADMIN_TOKEN_SECRET;
  return any ? 'keys' : 'open';
}

const OPEN: Principal = Object.freeze({ role: 'admin', id: 'open', via: 'open' });

export const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/**
 * Turns request headers into a Principal, or throws UNAUTHENTICATED. Pure and synchronous (no I/O):
 * it runs once per request before the query is parsed.
 */
export class Authenticator {
  readonly mode: AuthMode;
  private readonly keys: ApiKeyMatcher;
  private readonly tokenSecret: string | undefined;

  constructor(
    config: Pick<AppConfig, 'AUTH_MODE' | 'STOREFRONT_API_KEYS' | 'ADMIN_API_KEYS' | 'ADMIN_TOKEN_SECRET'>,
    private readonly now: () => number = Date.now,
  ) {
    this.mode = resolveAuthMode(config);
    this.keys = new ApiKeyMatcher({ storefront: config.STOREFRONT_API_KEYS, admin: config.ADMIN_API_KEYS });
    this.tokenSecret = config.ADMIN_TOKEN_SECRET;
  }

  get keyCount(): number {
    return this.keys.size;
  }

  get tokensAccepted(): boolean {
    return this.tokenSecret !== undefined;
  }

  /** Open mode ignores credentials entirely: every caller is an unlimited admin. */
  authenticate(headers: Record<string, string | string[] | undefined>): Principal {
    if (this.mode === 'open') return OPEN;
    const credential = credentialOf(headers);
    if (!credential) {
      throw unauthenticated('Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"');
    }
    const key = this.keys.match(credential);
    if (key) return { role: key.role, id: key.id, via: 'key' };
    if (this.tokenSecret && looksLikeToken(credential)) {
      const check = verifyToken(credential, this.tokenSecret, this.now());
      if (check.ok) return { role: check.claims.role, id: `token:${check.claims.sub}`, via: 'token' };
      if (check.reason === 'expired') throw unauthenticated('Token expired');
      throw unauthenticated('Invalid token');
    }
    throw unauthenticated('Invalid API key');
  }
}
