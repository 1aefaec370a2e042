// GET /metrics end to end: the real app (Fastify + Apollo) on real PostgreSQL and Redis, with the
// e2e Online Retail slice. Prometheus text is parsed by hand (a series is one line).
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const SF = 'metrics-storefront-key-0123456789';
const ADMIN = 'metrics-admin-key-0123456789abcd';

async function scrape(
  api: E2eApp,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${api.url}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The value of one series, e.g. `tailor_recommendation_cache_hit_ratio` or `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const recs = (user: string, placement?: string) =>
  `{ recommendations(userId: "${user}", limit: 5${placement ? `, placement: ${placement}` : ''}) { cached items { item { id } } } }`;

describe('/metrics (e2e)', () => {
  let db: TestDatabase;
  let slice: RetailSlice;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_metrics');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('with keys (admin required)', () => {
    let api: E2eApp;
    const admin = { authorization: `Bearer ${ADMIN}` };
    beforeAll(async () => {
      api = await startE2eApp({
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        REDIS_KEY_PREFIX: testKeyPrefix('e2e-metrics'),
        AUTH_MODE: 'keys',
        STOREFRONT_API_KEYS: SF,
        ADMIN_API_KEYS: ADMIN,
      });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('answers 401 without a key, 403 for a storefront key, and Prometheus text for an admin key', async () => {
      expect((await scrape(api)).status).toBe(401);
      expect((await scrape(api, { 'x-api-key': 'not-a-valid-key-at-all' })).status).toBe(401);
      expect((await scrape(api, { 'x-api-key': SF })).status).toBe(403);
      const ok = await scrape(api, admin);
      expect(ok.status).toBe(200);
      expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(ok.text).toContain('# TYPE tailor_graphql_request_duration_seconds histogram');
      expect(ok.text).toContain('process_cpu_user_seconds_total'); // default process metrics
      expect(sample(ok.text, 'tailor_model_info{version="baseline"}')).toBe(1);
    });

    it('records a latency histogram per operation and placement after requests', async () => {
      const user = slice.customers[0];
      const sf = { 'x-api-key': SF };
      expect((await api.gql(recs(user), undefined, sf)).errors).toBeUndefined();
      expect((await api.gql(recs(user, 'BUY_AGAIN'), undefined, sf)).errors).toBeUndefined();
      expect((await api.gql(recs(user, 'BUY_AGAIN'), undefined, sf)).errors).toBeUndefined();
      // Placement through a variable is resolved too.
      const viaVar = await api.gql(
        'query Q($p: Placement) { recommendations(userId: "x-metrics", limit: 3, placement: $p) { cached } }',
        { p: 'CART' },
        sf,
      );
      expect(viaVar.errors).toBeUndefined();
      await api.gql('{ __typename }', undefined, sf);
      await api.gql('{ nope }', undefined, sf); // fails validation

      const { text } = await scrape(api, admin);
      const count = (labels: string) => sample(text, `tailor_graphql_request_duration_seconds_count{${labels}}`);
      expect(count('operation="recommendations",placement="HOME",outcome="ok"')).toBe(1);
      expect(count('operation="recommendations",placement="BUY_AGAIN",outcome="ok"')).toBe(2);
      expect(count('operation="recommendations",placement="CART",outcome="ok"')).toBe(1);
      expect(count('operation="__typename",placement="none",outcome="ok"')).toBe(1);
      expect(count('operation="invalid",placement="none",outcome="error"')).toBe(1);
      const buckets = text
        .split('\n')
        .filter(
          (l) => l.startsWith('tailor_graphql_request_duration_seconds_bucket{') && l.includes('placement="BUY_AGAIN"'),
        );
      expect(buckets.length).toBeGreaterThan(10); // one series per bucket boundary
      expect(sample(text, buckets.at(-1)!.split(' ')[0])).toBe(2); // le="+Inf" holds both requests
    });

    it('moves the cache hit ratio after a cached hit, and does not count bypassed requests', async () => {
      const user = slice.customers[1];
      const sf = { 'x-api-key': SF };
      const before = await scrape(api, admin);
      const hits0 = sample(before.text, 'tailor_recommendation_cache_lookups_total{result="hit"}')!;
      const misses0 = sample(before.text, 'tailor_recommendation_cache_lookups_total{result="miss"}')!;
      const ratio0 = sample(before.text, 'tailor_recommendation_cache_hit_ratio')!;

      const first = await api.gql(recs(user), undefined, sf);
      expect(first.data?.recommendations.cached).toBe(false);
      const second = await api.gql(recs(user), undefined, sf);
      expect(second.data?.recommendations.cached).toBe(true);
      await api.gql(recs(user), undefined, { ...sf, 'x-tailor-cache': 'bypass' });

      const after = await scrape(api, admin);
      const hits = sample(after.text, 'tailor_recommendation_cache_lookups_total{result="hit"}')!;
      const misses = sample(after.text, 'tailor_recommendation_cache_lookups_total{result="miss"}')!;
      expect(hits - hits0).toBe(1);
      expect(misses - misses0).toBe(1);
      const ratio = sample(after.text, 'tailor_recommendation_cache_hit_ratio')!;
      expect(ratio).toBeCloseTo(hits / (hits + misses), 10);
      expect(ratio).not.toBe(ratio0);
      expect(ratio).toBeGreaterThan(0);
    });
  });

  it('is open without a key when METRICS_PUBLIC=true (while GraphQL still needs one)', async () => {
    const api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-metrics-public'),
      AUTH_MODE: 'keys',
      ADMIN_API_KEYS: ADMIN,
      METRICS_PUBLIC: 'true',
    });
    try {
      const r = await scrape(api);
      expect(r.status).toBe(200);
      expect(r.text).toContain('tailor_recommendation_cache_hit_ratio');
      expect((await api.gql('{ __typename }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await api.close();
    }
  });
});
