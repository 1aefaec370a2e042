import { timingSafeEqual } from 'node:crypto';
import { ApiKeyMatcher, keyId } from './api-key-matcher.js';

const STOREFRONT = 'sf-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

describe('ApiKeyMatcher', () => {
  const matcher = new ApiKeyMatcher({ storefront: [STOREFRONT, 'sf-key-second-aaaaaaaaaa'], admin: [ADMIN] });

  it('finds the role of a configured key', () => {
    expect(matcher.match(STOREFRONT)).toEqual({ role: 'storefront', id: keyId(STOREFRONT) });
    expect(matcher.match('sf-key-second-aaaaaaaaaa')?.role).toBe('storefront');
    expect(matcher.match(ADMIN)).toEqual({ role: 'admin', id: keyId(ADMIN) });
  });

  it('rejects wrong keys, prefixes, extensions and case changes', () => {
    for (const wrong of ['', 'x', STOREFRONT.slice(0, -1), `${STOREFRONT}x`, STOREFRONT.toUpperCase(), ` ${ADMIN}`]) {
      expect(matcher.match(wrong)).toBeNull();
    }
  });

  it('compares against every configured key, equal-length digests, even when the first one matches', () => {
    const calls: [number, number][] = [];
    const spy = new ApiKeyMatcher({ storefront: [STOREFRONT, 'sf-key-second-aaaaaaaaaa'], admin: [ADMIN] }, (a, b) => {
      calls.push([a.length, b.length]);
      return timingSafeEqual(a, b);
    });
    expect(spy.match(STOREFRONT)?.role).toBe('storefront');
    expect(calls).toEqual([
      [32, 32],
      [32, 32],
      [32, 32],
    ]);
    calls.length = 0;
    expect(spy.match('a-much-longer-candidate-than-any-configured-key-at-all')).toBeNull();
    expect(calls).toHaveLength(3);
  });

  it('derives a stable, non-secret id that does not contain the key', () => {
    expect(keyId(STOREFRONT)).toMatch(/^key-[0-9a-f]{12}$/);
    expect(keyId(STOREFRONT)).toBe(keyId(STOREFRONT));
    expect(keyId(STOREFRONT)).not.toBe(keyId(ADMIN));
  });
});
