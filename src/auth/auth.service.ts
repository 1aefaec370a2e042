import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Authenticator, type AuthMode } from './authenticator.js';
import type { Principal } from './principal.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { rateLimitedError } from './rate-limit/rate-limited.error.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Admission of one request: who is calling (UNAUTHENTICATED otherwise) and whether their rate allows
 * it (RATE_LIMITED otherwise). At most one Redis round trip; no database access.
 */
@Injectable()
export class AuthService {
  private readonly authenticator: Authenticator;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    readonly rateLimit: RateLimitService,
  ) {
    this.authenticator = new Authenticator(config);
  }

  get mode(): AuthMode {
    return this.authenticator.mode;
  }

  get keyCount(): number {
    return this.authenticator.keyCount;
  }

  get tokensAccepted(): boolean {
    return this.authenticator.tokensAccepted;
  }

  /** Synchronous credential check only (REST handlers, which are not rate limited). */
  authenticate(headers: Headers): Principal {
    return this.authenticator.authenticate(headers);
  }

  /** Credential check plus one count against the caller's rate limit; open mode is not limited. */
  async admit(headers: Headers): Promise<Principal> {
    const principal = this.authenticator.authenticate(headers);
    if (principal.via !== 'open') {
      const decision = await this.rateLimit.consume(principal.id);
      if (!decision.allowed) throw rateLimitedError(this.rateLimit.limit, decision.retryAfterSeconds);
    }
    return principal;
  }
}
