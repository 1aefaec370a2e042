// Access control, limits and the shared rate limit end to end: real app instances (Fastify + Apollo),
// real PostgreSQL, real Redis. Response bodies are untyped JSON navigated freely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { signToken } from '../../src/auth/signed-token.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

const SF = 'e2e-storefront-key-0123456789';
const ADMIN = 'e2e-admin-key-0123456789abcd';
const SECRET = 'e2e-token-secret-0123456789abcdefghij';
const STOREFRONT_OPERATIONS = [
  'item',
  'recommendations',
  'similarItems',
  'complementaryItems',
  'recordEvent',
  'recordEvents',
  // The storefront relays a customer's own choice to refuse personalisation (docs/privacy.md).
  'personalization',
  'setPersonalization',
];

interface Reply {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function post(
  api: E2eApp,
  query: string,
  headers: Record<string, string> = {},
  variables?: object,
): Promise<Reply> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
const code = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
const RECS = `{ recommendations(userId: "17850", limit: 5) { requestId items { score source } } }`;
const POLICY = `{ accessPolicy { mode storefrontKeys adminKeys tokensAccepted rateLimitPerMinute rateLimitShared operations { kind name role } } }`;

describe('access control (e2e)', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let api: E2eApp;
  const keyed = (extra: Record<string, string> = {}) =>
    startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-auth'),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      ADMIN_TOKEN_SECRET: SECRET,
      GRAPHQL_MAX_DEPTH: '3',
      GRAPHQL_MAX_COMPLEXITY: '310',
      RATE_LIMIT_PER_MINUTE: '10000',
      ...extra,
    });

  beforeAll(async () => {
    db = await createTestDatabase('e2e_auth');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    api = await keyed();
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('authentication', () => {
    it('rejects a call without a key with 401 UNAUTHENTICATED, even `{ __typename }`, and without a stack trace', async () => {
      for (const query of [RECS, '{ __typename }', '{ __schema { queryType { name } } }']) {
        const r = await post(api, query);
        expect(r.status).toBe(401);
        expect(code(r)).toBe('UNAUTHENTICATED');
        expect(r.body.errors[0].message).toMatch(/Missing API key/);
        expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|at .*\.js/);
      }
    });

    it('rejects a wrong key before looking at the query (no schema hints for strangers)', async () => {
      const r = await post(api, '{ recomendations { id } }', { 'x-api-key': `${SF}-wrong` });
      expect(r.status).toBe(401);
      expect(r.body.errors).toEqual([{ message: 'Invalid API key', extensions: { code: 'UNAUTHENTICATED' } }]);
    });

    it('keeps /health open without a key, with statuses only; details (settings, versions, hosts) for admins', async () => {
      const health = await api.get('/health');
      expect(health.status).toBe(200);
      expect(health.body.components.rateLimit).toEqual({ status: 'ok' });
      expect(JSON.stringify(health.body)).not.toMatch(/detail|127\.0\.0\.1|\/min/);
      for (const headers of [bearer(SF), bearer(`${ADMIN}-wrong`)]) {
        const other = await (await fetch(`${api.url}/health`, { headers })).json();
        expect(other).toEqual(health.body);
      }
      const admin = (await (await fetch(`${api.url}/health`, { headers: bearer(ADMIN) })).json()) as any;
      expect(admin.components.rateLimit).toEqual({
        status: 'ok',
        detail: '10000/min per key, shared through redis',
      });
    });
  });

  describe('storefront key', () => {
    it('may call the recommendation queries, item, recordEvent(s) and `{ __typename }`', async () => {
      const itemId = [...slice.items.keys()][0];
      const r = await post(
        api,
        `{ __typename recommendations(userId: "${slice.customers[0]}", limit: 5) { items { source } }
           similarItems(itemId: "${itemId}", limit: 3) { requestId } item(id: "${itemId}") { id } }`,
        bearer(SF),
      );
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.recommendations.items).toHaveLength(5);
      expect(r.body.data.item).toEqual({ id: itemId });

      const event = { eventId: 'auth-e2e-1', userId: 'auth-user', itemId, type: 'VIEW' };
      const rec = await post(
        api,
        'mutation R($e: EventInput!) { recordEvent(input: $e) }',
        { 'x-api-key': SF },
        { e: event },
      );
      expect(rec.body).toEqual({ data: { recordEvent: true } });
      const many = await post(api, 'mutation { recordEvents(inputs: []) { accepted } }', bearer(SF));
      expect(many.body.errors).toBeUndefined();
    });

    it("gets FORBIDDEN (HTTP 200, error at the operation's path) on an admin operation", async () => {
      const r = await post(api, `{ __typename accessPolicy { mode } }`, bearer(SF));
      expect(r.status).toBe(200);
      expect(r.body.data).toBeNull(); // accessPolicy is non-null, so the error nulls the whole data
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors[0]).toMatchObject({ path: ['accessPolicy'], extensions: { code: 'FORBIDDEN' } });
      expect(r.body.errors[0].message).toMatch(/needs the admin role/);
    });
  });

  describe('admin key and signed tokens', () => {
    it('admin key: the policy lists every operation, and only the storefront ones are open to storefront keys', async () => {
      const r = await post(api, POLICY, bearer(ADMIN));
      expect(r.body.errors).toBeUndefined();
      const policy = r.body.data.accessPolicy;
      expect(policy).toMatchObject({ mode: 'keys', storefrontKeys: 1, adminKeys: 1, tokensAccepted: true });
      expect(policy.rateLimitShared).toBe(true);
      const storefront = policy.operations.filter((o: any) => o.role === 'storefront').map((o: any) => o.name);
      expect(storefront.sort()).toEqual([...STOREFRONT_OPERATIONS].sort());
      // Secure by default: everything else (accessPolicy and whatever is added later) needs admin.
      expect(policy.operations.filter((o: any) => o.role !== 'storefront').every((o: any) => o.role === 'admin')).toBe(
        true,
      );
      expect(policy.operations).toContainEqual({ kind: 'Query', name: 'accessPolicy', role: 'admin' });
    });

    it('admin key can also call storefront operations', async () => {
      const r = await post(api, RECS, { 'x-api-key': ADMIN });
      expect(r.body.data.recommendations.items).toHaveLength(5);
    });

    it('accepts a valid signed admin token and rejects an expired or forged one', async () => {
      const token = signToken({ sub: 'ops-e2e', role: 'admin', ttlSeconds: 300 }, SECRET);
      expect((await post(api, `{ accessPolicy { mode } }`, bearer(token))).body).toEqual({
        data: { accessPolicy: { mode: 'keys' } },
      });

      const expired = signToken({ sub: 'ops-e2e', role: 'admin', ttlSeconds: 60 }, SECRET, Date.now() - 120_000);
      const late = await post(api, `{ accessPolicy { mode } }`, bearer(expired));
      expect(late.status).toBe(401);
      expect(late.body.errors[0]).toEqual({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });

      const forged = signToken({ sub: 'ops-e2e', role: 'admin', ttlSeconds: 300 }, `${SECRET}-not-ours`);
      expect(code(await post(api, `{ accessPolicy { mode } }`, bearer(forged)))).toBe('UNAUTHENTICATED');
    });

    it('a storefront token is a storefront caller', async () => {
      const token = signToken({ sub: 'shop-e2e', role: 'storefront', ttlSeconds: 300 }, SECRET);
      expect((await post(api, RECS, bearer(token))).body.errors).toBeUndefined();
      expect(code(await post(api, `{ accessPolicy { mode } }`, bearer(token)))).toBe('FORBIDDEN');
    });
  });

  describe('query limits', () => {
    it('rejects an over-deep query (GRAPHQL_MAX_DEPTH=3)', async () => {
      const r = await post(api, `{ recommendations(userId: "u", limit: 1) { items { item { id } } } }`, bearer(SF));
      expect(r.status).toBe(400);
      expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.body.errors[0].message).toBe('Query depth 4 exceeds the limit of 3');
    });

    it('rejects an over-complex query (GRAPHQL_MAX_COMPLEXITY=310) and accepts the same shape with a smaller limit', async () => {
      const q = (limit: number) =>
        `{ recommendations(userId: "u", limit: ${limit}) { items { score source reason __typename } } }`;
      const r = await post(api, q(100), bearer(SF));
      expect(r.status).toBe(400);
      expect(code(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.body.errors[0].message).toMatch(/^Query complexity 402 exceeds the limit of 310/);
      expect((await post(api, q(50), bearer(SF))).body.errors).toBeUndefined();
    });
  });

  describe('rate limit', () => {
    it('holds across two instances sharing Redis: the 6th request of a key within the minute is RATE_LIMITED (429, Retry-After)', async () => {
      const prefix = testKeyPrefix('e2e-auth-rate');
      const one = await keyed({ REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '5' });
      const two = await keyed({ REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '5' });
      try {
        const replies: Reply[] = [];
        for (let i = 0; i < 6; i++) replies.push(await post(i % 2 === 0 ? one : two, '{ __typename }', bearer(SF)));
        expect(replies.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
        const limited = replies[5];
        expect(limited.status).toBe(429);
        expect(code(limited)).toBe('RATE_LIMITED');
        const retry = limited.body.errors[0].extensions.retryAfterSeconds;
        expect(retry).toBeGreaterThanOrEqual(1);
        expect(retry).toBeLessThanOrEqual(120);
        expect(limited.retryAfter).toBe(String(retry));
        expect(code(await post(one, '{ __typename }', bearer(SF)))).toBe('RATE_LIMITED');
        // Buckets are per key: the admin key still has its own allowance.
        expect((await post(one, '{ __typename }', bearer(ADMIN))).status).toBe(200);
      } finally {
        await two.close();
        await one.close();
      }
    });

    it('falls back to a per-instance limit when Redis is unreachable, and says so on /health', async () => {
      const lonely = await keyed({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '2' });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(lonely, '{ __typename }', bearer(SF))).status);
        expect(statuses).toEqual([200, 200, 429]);
        const health = (await (await fetch(`${lonely.url}/health`, { headers: bearer(ADMIN) })).json()) as any;
        expect(health.components.rateLimit.status).toBe('degraded');
        expect(health.components.rateLimit.detail).toMatch(/limiting per instance/);
      } finally {
        await lonely.close();
      }
    });
  });

  describe('open mode', () => {
    it('answers every operation, admin ones included, without a key', async () => {
      // No key variables at all (the keyed instance above set them in this process), no AUTH_MODE.
      const open = await startE2eApp({
        DATABASE_URL: db.url,
        REDIS_URL: '',
        AUTH_MODE: undefined,
        STOREFRONT_API_KEYS: undefined,
        ADMIN_API_KEYS: undefined,
        ADMIN_TOKEN_SECRET: undefined,
      });
      try {
        const r = await post(open, `{ accessPolicy { mode rateLimitPerMinute } __typename }`);
        expect(r.status).toBe(200);
        expect(r.body.data.accessPolicy).toEqual({ mode: 'open', rateLimitPerMinute: 0 });
        // No limiter in open mode, so /health does not list one.
        expect((await open.get('/health')).body.components.rateLimit).toBeUndefined();
        expect((await post(open, RECS)).body.data.recommendations.items).toHaveLength(5);
      } finally {
        await open.close();
      }
    });
  });
});
