import { ConfigError, loadAppConfig } from './app-config.js';

describe('loadAppConfig', () => {
  it('applies defaults', () => {
    const c = loadAppConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.CACHE_TTL_SECONDS).toBe(300);
    expect(c.DEMO_DATA).toBe(true);
    expect(c.GRAPHQL_EXECUTOR).toBe('jit');
  });
  it('coerces and validates', () => {
    expect(loadAppConfig({ PORT: '8080', DEMO_DATA: 'false' })).toMatchObject({ PORT: 8080, DEMO_DATA: false });
  });
  it('names the bad variable', () => {
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => loadAppConfig({ GRAPHQL_EXECUTOR: 'fast' })).toThrow(/GRAPHQL_EXECUTOR/);
    expect(loadAppConfig({ GRAPHQL_EXECUTOR: 'graphql-js' }).GRAPHQL_EXECUTOR).toBe('graphql-js');
  });
});
