import { createClient } from 'redis';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { JitExecutionGateway } from '../../src/graphql/jit-execution.gateway.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

// The storefront GraphQL API end to end: real app, real PostgreSQL, real Redis, a real data slice.

const RECS = `query Recs($userId: ID!, $limit: Int, $placement: Placement, $filter: RecommendationFilter) {
  recommendations(userId: $userId, limit: $limit, placement: $placement, filter: $filter) {
    requestId cached coldStart modelVersion
    items { score source reason item { id title price categories available } }
  }
}`;
const SIMILAR = `query Similar($itemId: ID!, $limit: Int, $filter: RecommendationFilter) {
  similarItems(itemId: $itemId, limit: $limit, filter: $filter) {
    requestId cached items { score source reason item { id title } }
  }
}`;
const RECORD = `mutation Record($input: EventInput!) { recordEvent(input: $input) }`;
const RECORD_MANY = `mutation RecordMany($inputs: [EventInput!]!) { recordEvents(inputs: $inputs) { accepted duplicates } }`;
const BYPASS = { 'x-tailor-cache': 'bypass' };

interface Rec {
  score: number;
  source: string;
  reason: string | null;
  item: { id: string; title: string; price: number | null; categories: string[]; available: boolean };
}

describe('storefront GraphQL API (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;
  let unavailableId: string;
  const prefix = testKeyPrefix('e2e-storefront');

  beforeAll(async () => {
    db = await createTestDatabase('e2e_storefront');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    // The item bought by the most customers becomes unavailable: it must never be recommended.
    const [top] = await db.dataSource.query(
      `SELECT i.external_id FROM events e JOIN items i ON i.id = e.item_id
        GROUP BY i.external_id ORDER BY count(DISTINCT e.user_id) DESC, i.external_id LIMIT 1`,
    );
    unavailableId = top.external_id;
    await db.dataSource.query(`UPDATE items SET available = false WHERE external_id = $1`, [unavailableId]);
    // GRAPHQL_EXECUTOR unset: the default executor, whatever the shell exports.
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      GRAPHQL_EXECUTOR: undefined,
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const recs = async (variables: Record<string, unknown>, headers: Record<string, string> = BYPASS) => {
    const res = await api.gql<{
      recommendations: {
        requestId: string;
        cached: boolean;
        coldStart: boolean;
        modelVersion: string | null;
        items: Rec[];
      };
    }>(RECS, variables, headers);
    return res;
  };
  const ok = async (variables: Record<string, unknown>, headers?: Record<string, string>) => {
    const res = await recs(variables, headers);
    expect(res.errors).toBeUndefined();
    return res.data!.recommendations;
  };
  const ids = (items: Rec[]) => items.map((r) => r.item.id);

  it('executes operations through graphql-jit by default (GRAPHQL_EXECUTOR), compiling a repeated query once', async () => {
    const jit = api.app.get(JitExecutionGateway);
    const query = `query JitProbe($u: ID!) { recommendations(userId: $u, limit: 2) { items { item { id } } } }`;
    const before = jit.compiledOperations;
    for (const u of slice.customers.slice(0, 3)) expect((await api.gql(query, { u })).errors).toBeUndefined();
    expect(jit.compiledOperations).toBe(before + 1);
  });

  describe('recommendations', () => {
    it('returns exactly `limit` distinct, available items with titles, sources and reasons, excluding purchases by default', async () => {
      const user = slice.customers[0];
      const list = await ok({ userId: user, limit: 12 });
      expect(list.items).toHaveLength(12);
      expect(new Set(ids(list.items)).size).toBe(12);
      expect(list.coldStart).toBe(false);
      expect(list.cached).toBe(false);
      expect(list.modelVersion).toBeNull();
      expect(list.requestId).toMatch(/^[0-9a-f-]{36}$/);
      for (const r of list.items) {
        expect(r.item.title.length).toBeGreaterThan(0);
        expect(['popular', 'trending']).toContain(r.source);
        expect(r.reason).toMatch(/^(Popular|Trending)/);
        expect(r.item.available).toBe(true);
        expect(slice.boughtBy.get(user)!.has(r.item.id)).toBe(false);
      }
      expect(ids(list.items)).not.toContain(unavailableId);
      const scores = list.items.map((r) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it("BUY_AGAIN with excludePurchased: false lists the user's own purchases first", async () => {
      const user = slice.customers[0];
      const bought = slice.boughtBy.get(user)!;
      const list = await ok({ userId: user, limit: 5, placement: 'BUY_AGAIN', filter: { excludePurchased: false } });
      expect(list.items).toHaveLength(5);
      for (const r of list.items) {
        expect(r.source).toBe('buy-again');
        expect(r.reason).toBe('You bought this before');
        expect(bought.has(r.item.id)).toBe(true);
      }
      // BUY_AGAIN is about the user's purchases: excludePurchased does not apply to it (serving issue).
      const byDefault = await ok({ userId: user, limit: 5, placement: 'BUY_AGAIN' });
      expect(byDefault.items.map((r) => r.item.id)).toEqual(list.items.map((r) => r.item.id));
    });

    it('applies category, price and excluded-id filters', async () => {
      const user = slice.customers[1];
      const kitchen = await ok({ userId: user, limit: 5, filter: { categories: ['KITCHEN'] } });
      expect(kitchen.items.length).toBeGreaterThan(0);
      for (const r of kitchen.items) expect(r.item.categories).toContain('kitchen');

      const priced = await ok({ userId: user, limit: 8, filter: { minPrice: 2, maxPrice: 5 } });
      expect(priced.items).toHaveLength(8);
      for (const r of priced.items) {
        expect(r.item.price).toBeGreaterThanOrEqual(2);
        expect(r.item.price).toBeLessThanOrEqual(5);
      }

      const plain = await ok({ userId: user, limit: 3 });
      const without = await ok({ userId: user, limit: 3, filter: { excludeItemIds: ids(plain.items) } });
      expect(without.items).toHaveLength(3);
      expect(ids(without.items).filter((id) => ids(plain.items).includes(id))).toEqual([]);
    });

    it('answers an unknown user with the cold-start list, never an error', async () => {
      const list = await ok({ userId: 'never-seen-user', limit: 10 });
      expect(list.coldStart).toBe(true);
      expect(list.items).toHaveLength(10);
      for (const r of list.items) expect(['popular', 'trending']).toContain(r.source);
    });

    it('fills to `limit` from popularity when the window is short of items', async () => {
      // 59 available items in the slice: asking for 55 needs the all-time fill as well.
      const list = await ok({ userId: 'another-new-user', limit: 55 });
      expect(list.items).toHaveLength(55);
      expect(new Set(ids(list.items)).size).toBe(55);
    });

    it.each([0, 101, -3])('rejects limit %i with BAD_USER_INPUT and no stack trace', async (limit) => {
      const res = await recs({ userId: slice.customers[0], limit });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/limit must be an integer between 1 and 100/);
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/i);
    });

    it('rejects malformed arguments with BAD_USER_INPUT', async () => {
      const empty = await recs({ userId: '  ', limit: 5 });
      expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(empty.errors?.[0]?.message).toMatch(/userId must not be empty/);

      const long = await recs({ userId: 'x'.repeat(300) });
      expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const prices = await recs({ userId: 'u', filter: { minPrice: 10, maxPrice: 1 } });
      expect(prices.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(prices.errors?.[0]?.message).toMatch(/minPrice must not exceed/);

      const placement = await recs({ userId: 'u', placement: 'NOWHERE' });
      expect(placement.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

      const parse = await api.gql('{ recommendations(userId: "u" { requestId } }');
      expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('cache', () => {
    it('serves the second call from the cache, with a new requestId, until the user buys', async () => {
      const user = slice.customers[2];
      const first = await ok({ userId: user, limit: 4 }, {});
      expect(first.cached).toBe(false);
      const second = await ok({ userId: user, limit: 4 }, {});
      expect(second.cached).toBe(true);
      expect(second.requestId).not.toBe(first.requestId);
      expect(ids(second.items)).toEqual(ids(first.items));
      expect(second.items.map((r) => r.reason)).toEqual(first.items.map((r) => r.reason));

      // A different filter is a different entry.
      expect((await ok({ userId: user, limit: 4, filter: { maxPrice: 3 } }, {})).cached).toBe(false);
      // The bypass header neither reads nor writes the cache.
      expect((await ok({ userId: user, limit: 4 }, BYPASS)).cached).toBe(false);

      const bought = first.items[0].item.id;
      const res = await api.gql(RECORD, {
        input: {
          eventId: `e2e-cache-${user}`,
          userId: user,
          itemId: bought,
          type: 'PURCHASE',
          quantity: 2,
          price: 1.25,
          basketId: 'web-1',
        },
      });
      expect(res).toEqual({ data: { recordEvent: true } });

      const after = await ok({ userId: user, limit: 4 }, {});
      expect(after.cached).toBe(false);
      expect(ids(after.items)).not.toContain(bought);
      expect(after.items).toHaveLength(4);
    });

    it('keeps user entries (lists and the purchase history) in one Redis hash under the configured prefix', async () => {
      const redis = createClient({ url: REDIS_TEST_URL });
      await redis.connect();
      try {
        const user = slice.customers[3];
        await ok({ userId: user, limit: 3, placement: 'CART' }, {});
        // The list, and the purchase lines it was ranked from (read from the hash by the next list of this user).
        const fields = (await redis.hKeys(`${prefix}recs:${user}`)).sort();
        expect(fields).toHaveLength(2);
        expect(fields[0]).toMatch(/^CART\|3\|[0-9a-f]{16}\|baseline\|/);
        expect(fields[1]).toBe('history|v1');
        expect(await redis.zScore(`${prefix}recs-users`, `${prefix}recs:${user}`)).not.toBeNull();
        const ttl = await redis.pTTL(`${prefix}recs:${user}`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(300_000);
      } finally {
        await redis.quit();
      }
    });
  });

  describe('similarItems', () => {
    it('lists co-purchased items with a reason naming the seed, without the seed itself', async () => {
      const seed = '22086'; // PAPER CHAIN KIT 50'S CHRISTMAS: bought by many customers of the slice
      const res = await api.gql<{ similarItems: { items: Rec[]; cached: boolean } }>(SIMILAR, {
        itemId: seed,
        limit: 6,
      });
      expect(res.errors).toBeUndefined();
      const items = res.data!.similarItems.items;
      expect(items).toHaveLength(6);
      expect(ids(items)).not.toContain(seed);
      expect(ids(items)).not.toContain(unavailableId);
      expect(items[0].source).toBe('co-purchase');
      expect(items[0].reason).toBe(`Often bought with ${slice.items.get(seed)!.title}`);
      // Every co-purchase item really shares a basket with the seed in the data.
      const baskets = new Set(slice.purchases.filter((p) => p.stockCode === seed).map((p) => p.invoice));
      for (const r of items.filter((i) => i.source === 'co-purchase')) {
        expect(slice.purchases.some((p) => p.stockCode === r.item.id && baskets.has(p.invoice))).toBe(true);
      }
    });

    it('rejects an unknown item with BAD_USER_INPUT', async () => {
      const res = await api.gql(SIMILAR, { itemId: 'NO-SUCH-ITEM' });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/Unknown item "NO-SUCH-ITEM"/);
    });
  });

  describe('item', () => {
    it('returns an item by external id, and null for an unknown one', async () => {
      const res = await api.gql(
        `{ item(id: "22086") { id title price categories available attributes } unknown: item(id: "nope") { id } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.item).toEqual({
        id: '22086',
        title: slice.items.get('22086')!.title,
        price: expect.any(Number),
        categories: slice.items.get('22086')!.categories,
        available: true,
        attributes: { source: 'online-retail' },
      });
      expect(res.data!.unknown).toBeNull();
    });
  });

  describe('recordEvent', () => {
    const event = (over: Record<string, unknown> = {}) => ({
      eventId: 'evt-1',
      userId: 'web-user-1',
      itemId: '22086',
      type: 'VIEW',
      occurredAt: '2011-12-09T10:00:00Z',
      ...over,
    });

    it('is idempotent on eventId and creates unknown users', async () => {
      expect(await api.gql(RECORD, { input: event() })).toEqual({ data: { recordEvent: true } });
      expect(await api.gql(RECORD, { input: event() })).toEqual({ data: { recordEvent: false } });
      const rows = await db.dataSource.query(
        `SELECT e.type, e.quantity, u.external_id FROM events e JOIN users u ON u.id = e.user_id WHERE e.event_key = 'evt-1'`,
      );
      expect(rows).toEqual([{ type: 'view', quantity: 1, external_id: 'web-user-1' }]);
    });

    it('records batches with accepted and duplicate counts', async () => {
      const inputs = [
        event({ eventId: 'b-1' }),
        event({ eventId: 'b-2', type: 'ADD_TO_CART' }),
        event({ eventId: 'b-1' }),
        event(),
      ];
      const res = await api.gql(RECORD_MANY, { inputs });
      expect(res).toEqual({ data: { recordEvents: { accepted: 2, duplicates: 2 } } });
    });

    it.each([
      ['quantity 0', { quantity: 0 }, /quantity must be an integer/],
      ['negative price', { price: -1 }, /price must be a finite number/],
      ['unparseable time', { occurredAt: 'yesterday' }, /occurredAt must be an ISO 8601/],
      ['time in the future', { occurredAt: '2999-01-01T00:00:00Z' }, /occurredAt is in the future/],
      ['empty user', { userId: '' }, /userId must not be empty/],
      ['too long event id', { eventId: 'e'.repeat(257) }, /eventId is longer than 256/],
      ['unknown item', { itemId: 'NOT-IN-CATALOG' }, /Unknown item "NOT-IN-CATALOG"/],
    ])('rejects %s with BAD_USER_INPUT', async (_name, over, message) => {
      const res = await api.gql(RECORD, { input: event({ eventId: `bad-${_name}`, ...over }) });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(message);
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE event_key = $1`, [
        `bad-${_name}`,
      ]);
      expect(n).toBe(0);
    });

    it('rejects an unknown event type', async () => {
      const res = await api.gql(RECORD, { input: event({ eventId: 'bad-type', type: 'TELEPORT' }) });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('rejects a whole batch when one event is invalid, naming its index', async () => {
      const res = await api.gql(RECORD_MANY, {
        inputs: [event({ eventId: 'ok-1' }), event({ eventId: 'bad-2', quantity: -1 })],
      });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/^inputs\[1\]\.quantity/);
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM events WHERE event_key IN ('ok-1', 'bad-2')`,
      );
      expect(n).toBe(0);
    });
  });

  describe('/health', () => {
    it('reports database, cache and model', async () => {
      const res = await api.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        components: {
          database: { status: 'ok' },
          cache: { status: 'ok', detail: 'redis' },
          model: { status: 'ok', detail: 'no trained model, serving baselines' },
        },
      });
    });
  });
});
