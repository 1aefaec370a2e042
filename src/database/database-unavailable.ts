// Which database failures mean "PostgreSQL is not answering right now" (retry later) rather than a bug
// or a bad request. Shared by start-up (retry instead of exit) and request handling (SERVICE_UNAVAILABLE).

// Socket errors of a refused, reset or unreachable server.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATE: query_canceled (statement_timeout), admin_shutdown, crash_shutdown, cannot_connect_now,
// connection_exception class (08xxx), too_many_connections.
const SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);
// pg and pg-pool report their own timeouts and lost connections only in the message.
const MESSAGES = [
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Query read timeout',
  'Connection terminated',
  'Connection ended unexpectedly',
  'Client has encountered a connection error and is not queryable',
];

/** True when `error` (or the driver error TypeORM wraps in it) says the database is unreachable or too slow. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0;
    e && depth < 3;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08')) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (MESSAGES.some((m) => message.includes(m))) return true;
    e = e.driverError as typeof e;
  }
  return false;
}
