/** Error codes a client may see in `extensions.code`. */
export type DomainErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

/** An expected failure whose message is safe to show to the caller. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError('BAD_USER_INPUT', message, details);
export const notFound = (message: string) => new DomainError('NOT_FOUND', message);

/** Seconds a client is asked to wait before retrying after a dependency outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

/** A dependency (the database) is unreachable or too slow: the request may succeed if retried. */
export const serviceUnavailable = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'The database is not answering; retry shortly', {
    retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
  });
