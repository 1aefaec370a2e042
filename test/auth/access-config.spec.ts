import { ConfigError, loadAppConfig } from '../../src/config/app-config.js';

// The access-control variables of the one env schema (src/config/app-config.ts).
describe('access-control configuration', () => {
  it('defaults: no keys, mode decided later (open), 1200/min, complexity 1000', () => {
    const c = loadAppConfig({});
    expect(c).toMatchObject({ STOREFRONT_API_KEYS: [], ADMIN_API_KEYS: [], RATE_LIMIT_PER_MINUTE: 1200 });
    expect(c.GRAPHQL_MAX_COMPLEXITY).toBe(1000);
    expect(c.AUTH_MODE).toBeUndefined();
    expect(c.ADMIN_TOKEN_SECRET).toBeUndefined();
  });

  it('splits comma-separated keys, trimming and dropping empty entries', () => {
    const c = loadAppConfig({
      STOREFRONT_API_KEYS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbbbb,',
      ADMIN_API_KEYS: 'cccccccccccccccc',
    });
    expect(c.STOREFRONT_API_KEYS).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbb']);
    expect(c.ADMIN_API_KEYS).toEqual(['cccccccccccccccc']);
  });

  it('names the variable of a bad value and never echoes a key', () => {
    const fail = (env: Record<string, string>) => {
      try {
        loadAppConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    const short = fail({ STOREFRONT_API_KEYS: 'aaaaaaaaaaaaaaaa,short-secret' });
    expect(short).toMatch(/STOREFRONT_API_KEYS\.1: each key must be at least 16 characters/);
    expect(short).not.toContain('short-secret');
    expect(fail({ ADMIN_API_KEYS: 'with space inside-xxxxxxxx' })).toMatch(
      /ADMIN_API_KEYS\.0: keys are printable ASCII/,
    );
    expect(fail({ ADMIN_TOKEN_SECRET: 'too-short' })).toMatch(/ADMIN_TOKEN_SECRET: must be at least 32 characters/);
    expect(fail({ AUTH_MODE: 'closed' })).toMatch(/AUTH_MODE/);
    expect(fail({ RATE_LIMIT_PER_MINUTE: '-1' })).toMatch(/RATE_LIMIT_PER_MINUTE/);
  });

  it('rejects a key listed for both roles, and AUTH_MODE=keys without any credential', () => {
    expect(() =>
      loadAppConfig({ STOREFRONT_API_KEYS: 'aaaaaaaaaaaaaaaa', ADMIN_API_KEYS: 'aaaaaaaaaaaaaaaa' }),
    ).toThrow(/STOREFRONT_API_KEYS: a key is also listed in ADMIN_API_KEYS/);
    expect(() => loadAppConfig({ AUTH_MODE: 'keys' })).toThrow(/AUTH_MODE: keys needs STOREFRONT_API_KEYS/);
    expect(loadAppConfig({ AUTH_MODE: 'keys', ADMIN_TOKEN_SECRET: 'x'.repeat(32) }).AUTH_MODE).toBe('keys');
  });
});
