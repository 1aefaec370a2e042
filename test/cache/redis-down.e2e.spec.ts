import { seedRetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

// With Redis down (a closed port) the service starts, answers uncached, and /health says degraded.
describe('Redis down (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_redis_down');
    await seedRetailSlice(db.dataSource);
    api = await startE2eApp({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: 'unused:' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('still answers recommendations and records events, uncached', async () => {
    const q = `{ recommendations(userId: "17243", limit: 5) { cached items { item { id } } } }`;
    for (let i = 0; i < 2; i++) {
      const res = await api.gql(q);
      expect(res.errors).toBeUndefined();
      expect(res.data!.recommendations.cached).toBe(false);
      expect(res.data!.recommendations.items).toHaveLength(5);
    }
    const rec = await api.gql(
      `mutation { recordEvent(input: { eventId: "down-1", userId: "x", itemId: "22086", type: PURCHASE }) }`,
    );
    expect(rec).toEqual({ data: { recordEvent: true } });
  });

  it('reports the cache degraded with a reason on /health (HTTP 200: still serving)', async () => {
    const res = await api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.components.database).toEqual({ status: 'ok' });
    expect(res.body.components.cache.status).toBe('degraded');
    expect(res.body.components.cache.detail).toMatch(/redis unavailable/);
  });
});

describe('no REDIS_URL (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_memory_cache');
    await seedRetailSlice(db.dataSource);
    api = await startE2eApp({ DATABASE_URL: db.url, REDIS_URL: '' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('uses the in-process cache: hit on the second call, invalidated by a purchase', async () => {
    const q = `{ recommendations(userId: "17243", limit: 3) { cached items { item { id } } } }`;
    const first = await api.gql(q);
    expect(first.data!.recommendations.cached).toBe(false);
    expect((await api.gql(q)).data!.recommendations.cached).toBe(true);
    const bought = first.data!.recommendations.items[0].item.id;
    await api.gql(
      `mutation { recordEvent(input: { eventId: "mem-1", userId: "17243", itemId: "${bought}", type: PURCHASE }) }`,
    );
    const after = await api.gql(q);
    expect(after.data!.recommendations.cached).toBe(false);
    expect(after.data!.recommendations.items.map((r: { item: { id: string } }) => r.item.id)).not.toContain(bought);
    const health = await api.get('/health');
    expect(health.body.components.cache).toEqual({ status: 'ok', detail: expect.stringMatching(/^in-process cache/) });
  });
});
