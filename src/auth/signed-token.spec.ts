import { createHmac } from 'node:crypto';
import { looksLikeToken, signToken, verifyToken } from './signed-token.js';

const SECRET = 'a-token-secret-of-at-least-32-characters!';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('signed tokens', () => {
  it('round-trips sub, role, iat and exp', () => {
    const token = signToken({ sub: 'ops@shop', role: 'admin', ttlSeconds: 3600 }, SECRET, NOW);
    expect(looksLikeToken(token)).toBe(true);
    expect(verifyToken(token, SECRET, NOW)).toEqual({
      ok: true,
      claims: { sub: 'ops@shop', role: 'admin', iat: NOW / 1000, exp: NOW / 1000 + 3600 },
    });
    // Standard JWT tooling can read the header.
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('is valid until exp (exclusive)', () => {
    const token = signToken({ sub: 's', role: 'storefront', ttlSeconds: 60 }, SECRET, NOW);
    expect(verifyToken(token, SECRET, NOW + 59_999).ok).toBe(true);
    expect(verifyToken(token, SECRET, NOW + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a token signed with another secret', () => {
    const token = signToken({ sub: 's', role: 'admin', ttlSeconds: 60 }, `${SECRET}-other`, NOW);
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects a tampered payload (role escalation, later exp) and a truncated signature', () => {
    const token = signToken({ sub: 's', role: 'storefront', ttlSeconds: 60 }, SECRET, NOW);
    const [h, , sig] = token.split('.');
    const forged = `${h}.${b64({ sub: 's', role: 'admin', iat: NOW / 1000, exp: NOW / 1000 + 60 })}.${sig}`;
    expect(verifyToken(forged, SECRET, NOW)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyToken(token.slice(0, -2), SECRET, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('accepts each token in one spelling only: no stray characters, padding or spare bits', () => {
    const token = signToken({ sub: 's', role: 'admin', ttlSeconds: 60 }, SECRET, NOW);
    expect(verifyToken(token, SECRET, NOW).ok).toBe(true);
    const [h, p, sig] = token.split('.');
    const lastSig = sig.at(-1)!;
    // 32 bytes in 43 characters leave 2 spare bits in the last one: flipping them decodes to the same bytes.
    const spare = String.fromCharCode(lastSig.charCodeAt(0) ^ 1);
    for (const variant of [
      `${token}!`,
      `${token}=`,
      `${h}.${p}.${sig.slice(0, 20)}!${sig.slice(20)}`,
      `${h}.${p}=.${sig}`,
      `${h}.${p}.${sig.slice(0, -1)}${spare}`,
      `${h}.${p}.${Buffer.from(sig, 'base64url').toString('base64')}`,
    ]) {
      expect(verifyToken(variant, SECRET, NOW).ok).toBe(false);
    }
  });

  it('accepts only HS256: alg "none" or another header is malformed', () => {
    const payload = b64({ sub: 's', role: 'admin', iat: NOW / 1000, exp: NOW / 1000 + 60 });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    expect(verifyToken(none, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken('a.b', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects correctly signed tokens with bad claims (unknown role, missing exp)', () => {
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const signWith = (claims: unknown) => {
      const body = `${header}.${b64(claims)}`;
      return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    };
    expect(verifyToken(signWith({ sub: 's', role: 'root', iat: 1, exp: 2e9 }), SECRET, NOW).ok).toBe(false);
    expect(verifyToken(signWith({ sub: 's', role: 'admin', iat: 1 }), SECRET, NOW).ok).toBe(false);
    expect(verifyToken(signWith({ sub: 's', role: 'admin', iat: 1, exp: 2e9 }), SECRET, NOW).ok).toBe(true);
  });

  it('refuses to sign nonsense', () => {
    expect(() => signToken({ sub: '', role: 'admin', ttlSeconds: 60 }, SECRET)).toThrow(/sub/);
    expect(() => signToken({ sub: 's', role: 'admin', ttlSeconds: 0 }, SECRET)).toThrow(/ttl/);
  });
});
