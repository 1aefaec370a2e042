import { DomainError } from '../../common/errors/domain-error.js';

/** The refusal of a request over its key's rate limit (HTTP 429 with Retry-After, see graphql-auth.context.ts). */
export function rateLimitedError(limit: number, retryAfterSeconds: number): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    `Rate limit of ${limit} requests per minute exceeded; retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}
