// Abuse of a keyed server found by a fault and abuse run: aliases around the rate limit, unknown
// operation names, schema hints for storefront keys, and the operations docs/auth.md promises.
// Real app, PostgreSQL and Redis. Response bodies are untyped JSON navigated freely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signToken } from '../../src/auth/signed-token.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

const SF = 'abuse-storefront-key-0123456789';
const ADMIN = 'abuse-admin-key-0123456789abcd';
const SECRET = 'abuse-token-secret-0123456789abcdefghij';
const LIMIT = 20;

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
const storefrontToken = (sub: string) => signToken({ sub, role: 'storefront', ttlSeconds: 600 }, SECRET);
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: item(id: "i${i}") { id }`).join(' ')} }`;

describe('abuse of a keyed server (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;

  const post = async (body: object, headers: Record<string, string>) => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    db = await createTestDatabase('e2e_abuse');
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-abuse'),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      ADMIN_TOKEN_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      GRAPHQL_EXECUTOR: 'jit',
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('counts each aliased root field against the rate limit', async () => {
    const caller = bearer(storefrontToken('alias-amplifier'));
    const many = await post({ query: aliases(LIMIT + 5) }, caller);
    expect(many.status).toBe(429);
    expect(many.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(many.retryAfter).toMatch(/^\d+$/);

    const modest = bearer(storefrontToken('alias-modest'));
    expect((await post({ query: aliases(LIMIT - 2) }, modest)).status).toBe(200);
    // 1 + 17 of 20 used: two more single requests pass, the third does not.
    const next = [];
    for (let i = 0; i < 3; i++) next.push((await post({ query: '{ item(id: "x") { id } }' }, modest)).status);
    expect(next).toEqual([200, 200, 429]);
  });

  it('answers an unknown operationName with 400 OPERATION_RESOLUTION_FAILURE under graphql-jit, like graphql-js', async () => {
    const r = await post({ query: 'query A { __typename }', operationName: 'Nope' }, bearer(ADMIN));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(r.body.errors[0].message).toMatch(/Nope/);
  });

  it('gives storefront keys no "Did you mean" hints about the schema', async () => {
    const r = await post({ query: '{ recomendations(userId: "u") { requestId } }' }, bearer(SF));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('docs/auth.md names every operation storefront keys may call', async () => {
    const r = await post({ query: '{ accessPolicy { operations { name role } } }' }, bearer(ADMIN));
    const storefront = (r.body.data.accessPolicy.operations as { name: string; role: string }[])
      .filter((o) => o.role !== 'admin')
      .map((o) => o.name);
    expect(storefront).toContain('complementaryItems');
    const doc = readFileSync(join(process.cwd(), 'docs/auth.md'), 'utf8');
    const intro = doc.slice(0, doc.indexOf('## Configuration'));
    expect(storefront.filter((name) => !intro.includes(`\`${name}\``))).toEqual([]);
  });
});
