import { DomainError } from '../common/errors/domain-error.js';
import { Authenticator, resolveAuthMode } from './authenticator.js';
import { credentialOf } from './credentials.js';
import { roleAllows } from './roles.js';
import { signToken } from './signed-token.js';

const SF = 'storefront-key-aaaaaaaaaaaa';
const ADMIN = 'admin-key-bbbbbbbbbbbbbbbb';
const SECRET = 'a-token-secret-of-at-least-32-characters!';
const NOW = 1_800_000_000_000;
const base = {
  AUTH_MODE: undefined,
  STOREFRONT_API_KEYS: [] as string[],
  ADMIN_API_KEYS: [] as string[],
  ADMIN_TOKEN_SECRET: undefined,
};

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
};

describe('resolveAuthMode', () => {
  it('is open with nothing configured and keys as soon as any credential is', () => {
    expect(resolveAuthMode(base)).toBe('open');
    expect(resolveAuthMode({ ...base, STOREFRONT_API_KEYS: [SF] })).toBe('keys');
    expect(resolveAuthMode({ ...base, ADMIN_TOKEN_SECRET: SECRET })).toBe('keys');
    expect(resolveAuthMode({ ...base, ADMIN_API_KEYS: [ADMIN], AUTH_MODE: 'open' })).toBe('open');
  });
});

describe('credentialOf', () => {
  it('reads a Bearer Authorization header or x-api-key', () => {
    expect(credentialOf({ authorization: `Bearer ${SF}` })).toBe(SF);
    expect(credentialOf({ authorization: `bearer   ${SF} ` })).toBe(SF);
    expect(credentialOf({ 'x-api-key': ` ${SF} ` })).toBe(SF);
    expect(credentialOf({ authorization: `Basic abc`, 'x-api-key': SF })).toBe(SF);
    expect(credentialOf({ authorization: 'Basic abc' })).toBeUndefined();
    expect(credentialOf({})).toBeUndefined();
  });
});

describe('Authenticator', () => {
  const auth = new Authenticator(
    { ...base, STOREFRONT_API_KEYS: [SF], ADMIN_API_KEYS: [ADMIN], ADMIN_TOKEN_SECRET: SECRET },
    () => NOW,
  );

  it('maps keys to roles with a non-secret id', () => {
    expect(auth.authenticate({ 'x-api-key': SF })).toMatchObject({ role: 'storefront', via: 'key' });
    const admin = auth.authenticate({ authorization: `Bearer ${ADMIN}` });
    expect(admin).toMatchObject({ role: 'admin', via: 'key' });
    expect(admin.id).not.toContain(ADMIN);
  });

  it('accepts valid signed tokens, bucketed by subject', () => {
    const token = signToken({ sub: 'ops', role: 'admin', ttlSeconds: 60 }, SECRET, NOW);
    expect(auth.authenticate({ authorization: `Bearer ${token}` })).toEqual({
      role: 'admin',
      id: 'token:ops',
      via: 'token',
    });
  });

  it('gives UNAUTHENTICATED for a missing or wrong key and an expired or forged token', () => {
    expect(codeOf(() => auth.authenticate({}))).toMatch(/^UNAUTHENTICATED: Missing API key/);
    expect(codeOf(() => auth.authenticate({ 'x-api-key': `${SF}x` }))).toBe('UNAUTHENTICATED: Invalid API key');
    const expired = signToken({ sub: 'ops', role: 'admin', ttlSeconds: 60 }, SECRET, NOW - 61_000);
    expect(codeOf(() => auth.authenticate({ authorization: `Bearer ${expired}` }))).toBe(
      'UNAUTHENTICATED: Token expired',
    );
    const foreign = signToken({ sub: 'ops', role: 'admin', ttlSeconds: 60 }, `${SECRET}!`, NOW);
    expect(codeOf(() => auth.authenticate({ authorization: `Bearer ${foreign}` }))).toBe(
      'UNAUTHENTICATED: Invalid token',
    );
  });

  it('does not accept tokens when no secret is configured', () => {
    const noTokens = new Authenticator({ ...base, ADMIN_API_KEYS: [ADMIN] }, () => NOW);
    const token = signToken({ sub: 'ops', role: 'admin', ttlSeconds: 60 }, SECRET, NOW);
    expect(codeOf(() => noTokens.authenticate({ authorization: `Bearer ${token}` }))).toBe(
      'UNAUTHENTICATED: Invalid API key',
    );
  });

  it('in open mode ignores credentials: everyone is an unlimited admin', () => {
    const open = new Authenticator(base);
    expect(open.authenticate({})).toEqual({ role: 'admin', id: 'open', via: 'open' });
    expect(open.authenticate({ 'x-api-key': 'whatever-whatever' }).via).toBe('open');
  });
});

describe('roleAllows', () => {
  it('orders public < storefront < admin and treats unmarked operations as admin-only', () => {
    expect(roleAllows('storefront', 'storefront')).toBe(true);
    expect(roleAllows('storefront', 'admin')).toBe(true);
    expect(roleAllows('admin', 'storefront')).toBe(false);
    expect(roleAllows(undefined, 'storefront')).toBe(false);
    expect(roleAllows(undefined, 'admin')).toBe(true);
    expect(roleAllows('storefront', undefined)).toBe(false);
    expect(roleAllows('public', undefined)).toBe(true);
  });
});
