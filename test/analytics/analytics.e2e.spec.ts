// The dashboard's analytics queries end to end: the real app, real PostgreSQL and Redis, the real Online
// Retail slice; expected figures are computed here from the slice's own CSV rows.
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const OVERVIEW = `query($from: String, $to: String) { analyticsOverview(from: $from, to: $to) {
  from to latestActivityDay days
  total { requests cacheHits cacheHitRatio views clicks addToCarts purchases orders revenue buyers }
  placements { placement requests cacheHits cacheHitRatio itemsServed loggedLists users impressions clicks
               addToCarts purchases converters ctr conversionRate } } }`;
const TOP = `query($from: String, $to: String) { topItems(from: $from, to: $to, limit: 10) { item { id title } units revenue } }`;
/** Entry `i` of every series of a placement (or of the totals). */
const at = (series: Record<string, unknown>, i = 0) =>
  Object.fromEntries(Object.entries(series).map(([k, v]) => [k, Array.isArray(v) ? v[i] : v]));
const today = () => new Date().toISOString().slice(0, 10);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

describe('analytics queries (e2e, real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;

  beforeAll(async () => {
    db = await createTestDatabase('analytics');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('analytics'),
      NODE_ENV: 'production',
    });
    const { SegmentsService } = await import('../../src/segments/segments.service.js');
    await api.app.get(SegmentsService).recomputeAll();
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('sums the stored purchases per day over the default range, ending at the newest day of data', async () => {
    const res = await api.gql(OVERVIEW);
    expect(res.errors).toBeUndefined();
    const o = res.data!.analyticsOverview;
    const newest = dayOf(new Date(Math.max(...slice.purchases.map((p) => p.occurredAt.getTime()))));
    expect(o.latestActivityDay).toBe(newest);
    expect(o.to).toBe(newest);
    expect(o.days).toHaveLength(30);
    const inRange = slice.purchases.filter((p) => dayOf(p.occurredAt) >= o.from);
    const lines = new Map<string, number>();
    const revenue = new Map<string, number>();
    const orders = new Map<string, Set<string>>();
    for (const p of inRange) {
      const d = dayOf(p.occurredAt);
      lines.set(d, (lines.get(d) ?? 0) + 1);
      revenue.set(d, (revenue.get(d) ?? 0) + p.quantity * p.unitPrice);
      orders.set(d, (orders.get(d) ?? new Set()).add(p.invoice));
    }
    o.days.forEach((day: string, i: number) => {
      expect(o.total.purchases[i]).toBe(lines.get(day) ?? 0);
      expect(o.total.orders[i]).toBe(orders.get(day)?.size ?? 0);
      expect(o.total.revenue[i]).toBeCloseTo(revenue.get(day) ?? 0, 6);
      expect(o.total.requests[i]).toBe(0);
      expect(o.total.cacheHitRatio[i]).toBeNull();
    });
    expect(o.total.purchases.reduce((a: number, b: number) => a + b, 0)).toBe(inRange.length);
    // Best sellers: units of the slice's top item in the range.
    const top = (await api.gql(TOP)).data!.topItems;
    const units = new Map<string, number>();
    for (const p of inRange) units.set(p.stockCode, (units.get(p.stockCode) ?? 0) + p.quantity);
    const best = Math.max(...units.values());
    expect(top[0].units).toBe(best);
    expect(units.get(top[0].item.id)).toBe(best);
    expect(top.length).toBe(Math.min(10, units.size));
  });

  it('counts served lists and cache hits per placement, and CTR / conversion from logged exposures', async () => {
    const user = slice.customers[0]!;
    const recs = `query($u: ID!) { recommendations(userId: $u, limit: 5) { requestId cached variant items { item { id } } } }`;
    // A miss then two hits on HOME; one PRODUCT list; a bypassing call and an admin preview are not counted.
    for (let i = 0; i < 3; i++) expect((await api.gql(recs, { u: user })).errors).toBeUndefined();
    await api.gql(`query($i: ID!) { similarItems(itemId: $i, limit: 3) { requestId } }`, {
      i: [...slice.items.keys()][0],
    });
    await api.gql(recs, { u: user }, { 'x-tailor-cache': 'bypass' });
    await api.gql(
      `query($u: ID!) { recommendations(userId: $u, weights: [{ source: "popular", weight: 1 }]) { requestId } }`,
      {
        u: user,
      },
    );
    let res = await api.gql(OVERVIEW, { from: today(), to: today() });
    const placements = res.data!.analyticsOverview.placements;
    expect(placements.map((p: any) => p.placement)).toEqual(['HOME', 'PRODUCT']);
    expect(at(placements[0])).toMatchObject({
      requests: 3,
      cacheHits: 2,
      itemsServed: 15,
      loggedLists: 0,
      ctr: null,
    });
    expect(at(placements[1])).toMatchObject({ requests: 1, cacheHits: 0 });
    expect(at(res.data!.analyticsOverview.total)).toMatchObject({ requests: 4, cacheHits: 2, cacheHitRatio: 0.5 });

    // An experiment logs exposures; a click and a purchase come back with a list's requestId.
    const created = await api.gql(
      `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
      {
        input: {
          name: 'analytics',
          placement: 'BUY_AGAIN',
          variants: [
            { name: 'control', trafficShare: 0.5, control: true },
            { name: 'repeat-only', trafficShare: 0.5, weights: { repeat: 1 } },
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createExperiment.id;
    await api.gql(`mutation($id: ID!) { startExperiment(id: $id) { status } }`, { id });
    const buyAgain = `query($u: ID!) { recommendations(userId: $u, limit: 4, placement: BUY_AGAIN, filter: { excludePurchased: false }) {
      requestId variant items { item { id } } } }`;
    const shown: { user: string; requestId: string; items: string[] }[] = [];
    for (const u of slice.customers.slice(0, 4)) {
      const l = (await api.gql(buyAgain, { u })).data!.recommendations;
      expect(l.variant).not.toBeNull();
      shown.push({ user: u, requestId: l.requestId, items: l.items.map((x: any) => x.item.id) });
    }
    const first = shown[0]!;
    const event = (type: string, item: string) => ({
      eventId: randomUUID(),
      userId: first.user,
      itemId: item,
      type,
      requestId: first.requestId,
      quantity: 1,
      price: 2.5,
    });
    const recorded = await api.gql(`mutation($e: [EventInput!]!) { recordEvents(inputs: $e) { accepted } }`, {
      e: [event('CLICK', first.items[0]!), event('CLICK', first.items[0]!), event('PURCHASE', first.items[0]!)],
    });
    expect(recorded.data!.recordEvents.accepted).toBe(3);
    // The exposure log writes in batches: the experiment's report flushes it.
    await api.gql(`query($id: ID!) { experiment(id: $id) { report { verdict } } }`, { id });
    await api.gql(`mutation($id: ID!) { stopExperiment(id: $id) { status } }`, { id });

    res = await api.gql(OVERVIEW, { from: today(), to: today() });
    const o = res.data!.analyticsOverview;
    const impressions = shown.reduce((a, s) => a + s.items.length, 0);
    expect(at(o.placements.find((p: any) => p.placement === 'BUY_AGAIN'))).toMatchObject({
      requests: 4,
      loggedLists: 4,
      users: 4,
      impressions,
      clicks: 1, // the same (list, item) twice
      purchases: 1,
      converters: 1,
      ctr: 1 / impressions,
      conversionRate: 0.25,
    });
    expect(at(o.total)).toMatchObject({ clicks: 2, purchases: 1, revenue: 2.5 });

    const appear = await api.gql(
      `query($i: ID!, $d: String) { itemAppearances(itemId: $i, from: $d, to: $d) { placement lists users clicks purchases } }`,
      {
        i: first.items[0],
        d: today(),
      },
    );
    const lists = shown.filter((s) => s.items.includes(first.items[0]!)).length;
    expect(appear.data!.itemAppearances).toEqual([
      { placement: 'BUY_AGAIN', lists, users: lists, clicks: 1, purchases: 1 },
    ]);
  });

  it('finds customers by id prefix, or the biggest spenders, bounded by the limit', async () => {
    // Not one of the customers the experiment test sends purchases for (their segment row is updated on purchase).
    const target = slice.customers[5]!;
    const prefix = target.slice(0, 2);
    const res = await api.gql(
      `query($s: String!) { customers(search: $s, limit: 50) { id segment lifecycle orders purchaseLines monetary lastPurchaseAt } }`,
      {
        s: prefix,
      },
    );
    const ids = res.data!.customers.map((c: any) => c.id);
    expect(ids).toEqual(slice.customers.filter((c) => c.startsWith(prefix)).sort());
    const mine = res.data!.customers.find((c: any) => c.id === target);
    const lines = slice.purchases.filter((p) => p.customerId === target);
    expect(mine.purchaseLines).toBe(lines.length);
    expect(mine.monetary).toBeCloseTo(
      lines.reduce((a, p) => a + p.quantity * p.unitPrice, 0),
      4,
    );
    expect(mine.segment).toEqual(expect.any(String));

    const top = await api.gql(`{ customers(search: "", limit: 3) { id monetary } }`);
    const spend = new Map<string, number>();
    for (const p of slice.purchases) spend.set(p.customerId, (spend.get(p.customerId) ?? 0) + p.quantity * p.unitPrice);
    const expected = [...spend.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([c]) => c);
    expect(top.data!.customers.map((c: any) => c.id)).toEqual(expected);

    const tooMany = await api.gql(`{ customers(search: "1", limit: 51) { id } }`);
    expect(tooMany.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await api.gql(`{ customers(search: "no-such-prefix") { id } }`)).data!.customers).toEqual([]);
  });

  it("lists a customer's purchases newest first", async () => {
    const target = slice.customers[1]!;
    const res = await api.gql(
      `query($u: ID!) { customerPurchases(userId: $u, limit: 100) { item { id title } quantity unitPrice occurredAt orderId } }`,
      {
        u: target,
      },
    );
    const rows = res.data!.customerPurchases;
    const lines = slice.purchases.filter((p) => p.customerId === target);
    expect(rows).toHaveLength(lines.length);
    const times = rows.map((r: any) => Date.parse(r.occurredAt));
    times.slice(1).forEach((t: number, i: number) => expect(t).toBeLessThanOrEqual(times[i]!));
    expect(new Set(rows.map((r: any) => r.orderId))).toEqual(new Set(lines.map((p) => p.invoice)));
    expect(rows[0].item.title).toBe(slice.items.get(rows[0].item.id)!.title);
    const capped = await api.gql(`query($u: ID!) { customerPurchases(userId: $u, limit: 2) { quantity } }`, {
      u: target,
    });
    expect(capped.data!.customerPurchases).toHaveLength(2);
  });

  it('searches items by id prefix and by title words, and gives an item’s sales per day', async () => {
    const [id, item] = [...slice.items.entries()].find(([, i]) => i.title.split(' ').length >= 3)!;
    const byId = await api.gql(`query($s: String!) { searchItems(search: $s) { id title } }`, { s: id });
    expect(byId.data!.searchItems[0]).toEqual({ id, title: item.title });
    const words = item.title.split(' ');
    // Two words, the second cut short and in lower case: every title holding both matches.
    const query = `${words[0]!.toLowerCase()} ${words[1]!.slice(0, 3).toLowerCase()}`;
    const byTitle = await api.gql(`query($s: String!) { searchItems(search: $s, limit: 50) { id title } }`, {
      s: query,
    });
    const titles = byTitle.data!.searchItems.map((i: any) => i.title);
    expect(titles).toContain(item.title);
    for (const t of titles) {
      const tw = t.toLowerCase().split(/[^\p{L}\p{N}]+/u);
      expect(tw).toContain(words[0]!.toLowerCase());
      expect(tw.some((w: string) => w.startsWith(words[1]!.slice(0, 3).toLowerCase()))).toBe(true);
    }
    // Query syntax is not passed on.
    expect((await api.gql(`{ searchItems(search: "&|!(") { id } }`)).errors).toBeUndefined();
    expect((await api.gql(`{ searchItems(search: "  ") { id } }`)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    const sales = await api.gql(
      `query($i: ID!) { itemSales(itemId: $i, from: "2011-11-01", to: "2011-12-31") { itemId from to units orders revenue customers days unitsPerDay ordersPerDay revenuePerDay } }`,
      {
        i: id,
      },
    );
    const s = sales.data!.itemSales;
    const lines = slice.purchases.filter((p) => p.stockCode === id);
    expect(s.days).toHaveLength(61);
    expect(s.units).toBe(lines.reduce((a, p) => a + p.quantity, 0));
    expect(s.orders).toBe(new Set(lines.map((p) => p.invoice)).size);
    expect(s.customers).toBe(new Set(lines.map((p) => p.customerId)).size);
    expect(s.revenue).toBeCloseTo(
      lines.reduce((a, p) => a + p.quantity * p.unitPrice, 0),
      4,
    );
    s.days.forEach((day: string, i: number) => {
      expect(s.unitsPerDay[i]).toBe(
        lines.filter((p) => dayOf(p.occurredAt) === day).reduce((a, p) => a + p.quantity, 0),
      );
    });
    // By default the window ends at the item's own latest sale.
    const lastSale = dayOf(new Date(Math.max(...lines.map((p) => p.occurredAt.getTime()))));
    const byDefault = await api.gql(`query($i: ID!) { itemSales(itemId: $i) { to units } }`, { i: id });
    expect(byDefault.data!.itemSales).toEqual({ to: lastSale, units: s.units });
    const unknown = await api.gql(`{ itemSales(itemId: "NO-SUCH-ITEM") { units } }`);
    expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const badDate = await api.gql(`{ itemSales(itemId: "${id}", from: "2011-02-30") { units } }`);
    expect(badDate.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const long = await api.gql(`{ analyticsOverview(from: "2010-01-01", to: "2011-12-31") { from } }`);
    expect(long.errors![0]!.message).toMatch(/at most 366/);
  });

  it('answers its searches and per-item queries from indexes', async () => {
    const plan = (sql: string, params: unknown[]) =>
      db.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        const rows: { 'QUERY PLAN': string }[] = await m.query(`EXPLAIN ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    expect(
      await plan(
        `SELECT id FROM users WHERE external_id ~>=~ $1 AND external_id ~<~ $2 ORDER BY external_id USING ~<~ LIMIT 20`,
        ['12', '12\u{10ffff}'],
      ),
    ).toMatch(/users_external_id_prefix_idx/);
    expect(
      await plan(`SELECT id FROM items WHERE to_tsvector('simple', title) @@ to_tsquery('simple', $1)`, ['lantern:*']),
    ).toMatch(/items_title_words_idx/);
    expect(
      await plan(`SELECT sum(quantity) FROM events WHERE item_id = 1 AND type = 'purchase' AND occurred_at >= $1`, [
        '2011-01-01',
      ]),
    ).toMatch(/events_item_purchase_time_idx/);
    expect(await plan(`SELECT 1 FROM experiment_exposures WHERE item_ids @> ARRAY[$1::text]`, ['85123A'])).toMatch(
      /experiment_exposures_items_idx/,
    );
    expect(await plan(`SELECT 1 FROM user_segments ORDER BY monetary DESC LIMIT 5`, [])).toMatch(
      /user_segments_monetary_idx/,
    );
  });
});
