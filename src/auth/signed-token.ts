import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCallerRole, type CallerRole } from './roles.js';

// Compact signed tokens in the JWT layout (`base64url(header).base64url(payload).base64url(sig)`,
// HS256), so standard tooling can decode them. Own code over a JWT library: we accept exactly one
// algorithm and three claims, and node:crypto does the HMAC; a library's generality (alg negotiation,
// key sets) is attack surface we do not need.

export interface TokenClaims {
  /** Who the token was issued to (free text, shows up in logs and rate-limit buckets). */
  sub: string;
  role: CallerRole;
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const MAX_SUBJECT_LENGTH = 128;
// base64url without padding. Node's decoder skips characters outside the alphabet and ignores `=`,
// so a part is decoded only when it is written exactly as `signToken` writes it: one token, one spelling.
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** Whether a credential has the token shape; keys are matched first, so a key with two dots still works. */
export function looksLikeToken(credential: string): boolean {
  return credential.split('.').length === 3;
}

export function signToken(
  input: { sub: string; role: CallerRole; ttlSeconds: number },
  secret: string,
  nowMs: number = Date.now(),
): string {
  if (!input.sub || input.sub.length > MAX_SUBJECT_LENGTH)
    throw new Error(`sub must be 1..${MAX_SUBJECT_LENGTH} characters`);
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 1)
    throw new Error('ttl must be a whole number of seconds ≥ 1');
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = { sub: input.sub, role: input.role, iat, exp: iat + input.ttlSeconds };
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${base64url(sign(body, secret))}`;
}

/** Checks the signature first (constant time), then the claims; `exp` is exclusive. */
export function verifyToken(token: string, secret: string, nowMs: number = Date.now()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
  if (!parts.every((p) => BASE64URL.test(p))) return { ok: false, reason: 'malformed' };
  const given = canonicalBytes(parts[2]);
  if (!given) return { ok: false, reason: 'signature' };
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  // Length is public (always 32 for a genuine signature); only equal-length buffers are compared.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let claims: Partial<TokenClaims>;
  try {
    const payload = canonicalBytes(parts[1]);
    if (!payload) return { ok: false, reason: 'malformed' };
    claims = JSON.parse(payload.toString('utf8')) as Partial<TokenClaims>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims.sub !== 'string' ||
    claims.sub.length === 0 ||
    claims.sub.length > MAX_SUBJECT_LENGTH ||
    !isCallerRole(claims.role) ||
    typeof claims.exp !== 'number' ||
    typeof claims.iat !== 'number'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.floor(nowMs / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims as TokenClaims };
}

/** The bytes of a base64url text, or null when re-encoding them does not give the same text (spare bits set). */
function canonicalBytes(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
