import { normalizeFilter } from '../recommendations/ranking/recommendation-filter.js';
import { CacheKeys, canonicalJson, decodeEntry, encodeEntry, filterDigest, recommendationField } from './cache-keys.js';

describe('cache keys', () => {
  it('prefixes every key and encodes user ids so they cannot collide with other keys', () => {
    const keys = new CacheKeys('tailor:');
    expect(keys.userRecommendations('17850')).toBe('tailor:recs:17850');
    expect(keys.userRecommendations('a:b c')).toBe('tailor:recs:a%3Ab%20c');
    expect(keys.userRecommendations('recs-users')).not.toBe(keys.usersIndex());
    expect(keys.usersIndex()).toBe('tailor:recs-users');
  });

  it('builds the field from placement, limit, filter digest, model and settings versions', () => {
    expect(
      recommendationField({
        placement: 'HOME',
        limit: 10,
        filterDigest: 'abc',
        modelVersion: 'baseline',
        settingsVersion: 'r1w30',
      }),
    ).toBe('HOME|10|abc|baseline|r1w30');
  });

  it('digests filters independently of key and list order, and differently for different filters', () => {
    const a = filterDigest(normalizeFilter({ categories: ['b', 'a'], excludeItemIds: ['2', '1'], maxPrice: 5 }));
    const b = filterDigest(normalizeFilter({ maxPrice: 5, excludeItemIds: ['1', '2'], categories: ['A', 'B'] }));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(filterDigest(normalizeFilter({}))).toBe(filterDigest(normalizeFilter({ excludePurchased: true })));
    expect(filterDigest(normalizeFilter({}))).not.toBe(filterDigest(normalizeFilter({ excludePurchased: false })));
    expect(a).not.toBe(
      filterDigest(normalizeFilter({ categories: ['a', 'b'], excludeItemIds: ['1', '2'], maxPrice: 6 })),
    );
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: null }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":1}]}',
    );
  });

  it('entries carry their own expiry', () => {
    const stored = encodeEntry('{"x":1}', 1000);
    expect(stored).toBe('1000|{"x":1}');
    expect(decodeEntry(stored, 999)).toBe('{"x":1}');
    expect(decodeEntry(stored, 1000)).toBeNull();
    expect(decodeEntry('garbage', 0)).toBeNull();
    expect(decodeEntry('|x', 0)).toBeNull();
  });
});
