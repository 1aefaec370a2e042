/** Where a client may put its key or token. */
export const API_KEY_HEADER = 'x-api-key';

type Headers = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The credential of a request: `Authorization: Bearer <key-or-token>` or `x-api-key: <key-or-token>`.
 * Returns undefined when neither is present; a malformed Authorization header counts as absent
 * only if it is not a Bearer one (the caller then gets "missing credential").
 */
export function credentialOf(headers: Headers): string | undefined {
  const authorization = first(headers.authorization);
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1];
  }
  const key = first(headers[API_KEY_HEADER])?.trim();
  return key || undefined;
}
