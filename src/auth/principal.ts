import type { CallerRole } from './roles.js';

/** The authenticated caller of one request. */
export interface Principal {
  role: CallerRole;
  /** Rate-limit bucket and log name: `key-<hash prefix>`, `token:<sub>`, or `open`. Never a secret. */
  id: string;
  via: 'key' | 'token' | 'open';
}

/** The GraphQL context carries the caller under this property (set once per request, read by the guard). */
export const PRINCIPAL_CONTEXT_KEY = 'principal';

export interface AuthContext {
  [PRINCIPAL_CONTEXT_KEY]?: Principal;
}

/** The caller recorded as a change's author: `key-<hash prefix>`, `token:<sub>` or `open` (never a secret). */
export function principalId(ctx: AuthContext): string {
  return ctx[PRINCIPAL_CONTEXT_KEY]?.id ?? 'unknown';
}
