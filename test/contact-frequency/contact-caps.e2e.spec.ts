// Contact-frequency guard end to end: two app instances (keys mode) sharing the real PostgreSQL and Redis,
// the real Online Retail slice. Response bodies are untyped JSON navigated freely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createClient } from 'redis';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';
import { waitFor } from '../support/wait-for.js';

const SF = 'sf_contact_caps_storefront_key_01';
const ADMIN = 'adm_contact_caps_admin_key_00001';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asShop = { authorization: `Bearer ${SF}` };
const PREFIX = testKeyPrefix('e2e-contact-caps');

const CAPS = `{ contactCaps { placement maxImpressions windowHours origin version } }`;
const SET = `mutation S($p: Placement!, $n: Int!, $h: Float!) {
  setContactCap(placement: $p, maxImpressions: $n, windowHours: $h, comment: "e2e") { placement maxImpressions windowHours origin version } }`;
const REMOVE = `mutation R($p: Placement!) { removeContactCap(placement: $p) { placement maxImpressions origin } }`;
const RECS = `query Q($u: ID!) { recommendations(userId: $u, limit: 5, placement: HOME) { cached items { item { id } } } }`;
const CART = `query C($ids: [ID!]!, $u: ID) { complementaryItems(itemIds: $ids, userId: $u, limit: 4) { items { item { id } } } }`;

describe('contact-frequency guard (e2e, two instances)', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let a: E2eApp;
  let b: E2eApp;
  const redis = createClient({ url: REDIS_TEST_URL });

  beforeAll(async () => {
    db = await createTestDatabase('e2e_contact_caps');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: PREFIX,
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '0',
      SETTINGS_POLL_SECONDS: '1',
      CONTACT_CAPS: '{"BUY_AGAIN":{"maxImpressions":5,"windowHours":1}}',
    };
    a = await startE2eApp(env);
    b = await startE2eApp(env);
    await redis.connect();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
    await db?.drop();
  });

  const admin = (api: E2eApp, q: string, v?: Record<string, unknown>) => api.gql<any>(q, v, asAdmin);
  const recs = async (api: E2eApp, u: string) => {
    const res = await api.gql<any>(RECS, { u }, asShop);
    expect(res.errors).toBeUndefined();
    return res.data.recommendations as { cached: boolean; items: { item: { id: string } }[] };
  };
  const ids = (list: { items: { item: { id: string } }[] }) => list.items.map((r) => r.item.id);
  const impressionsKey = (placement: string, u: string) => `${PREFIX}imp:${placement}:${encodeURIComponent(u)}`;

  it('lists every placement’s cap with its origin (CONTACT_CAPS as the default)', async () => {
    const res = await admin(a, CAPS);
    expect(res.errors).toBeUndefined();
    expect(res.data.contactCaps).toEqual([
      { placement: 'HOME', maxImpressions: null, windowHours: null, origin: 'none', version: 0 },
      { placement: 'PRODUCT', maxImpressions: null, windowHours: null, origin: 'none', version: 0 },
      { placement: 'CART', maxImpressions: null, windowHours: null, origin: 'none', version: 0 },
      { placement: 'BUY_AGAIN', maxImpressions: 5, windowHours: 1, origin: 'config', version: 0 },
    ]);
  });

  it('rejects bad caps with a clear message, and storefront keys altogether', async () => {
    const zero = await admin(a, SET, { p: 'HOME', n: 0, h: 24 });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(zero.errors?.[0].message).toMatch(/maxImpressions must be an integer ≥ 1/);
    const negative = await admin(a, SET, { p: 'HOME', n: 2, h: -1 });
    expect(negative.errors?.[0].message).toMatch(/windowHours must be a positive number/);
    const tooLong = await admin(a, SET, { p: 'HOME', n: 2, h: 24 * 365 });
    expect(tooLong.errors?.[0].message).toMatch(/at most 2160/);
    const shop = await a.gql<any>(SET, { p: 'HOME', n: 2, h: 24 }, asShop);
    expect(shop.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await admin(a, CAPS)).data.contactCaps[0].origin).toBe('none');
  });

  it('an item shown maxImpressions times is not shown again within the window, on any instance', async () => {
    const set = await admin(a, SET, { p: 'HOME', n: 2, h: 24 });
    expect(set.errors).toBeUndefined();
    expect(set.data.setContactCap).toMatchObject({ placement: 'HOME', maxImpressions: 2, origin: 'operator' });
    await waitFor(
      'instance b to see the cap',
      async () => (await admin(b, CAPS)).data.contactCaps[0].maxImpressions === 2,
    );

    const u = slice.customers[0];
    const first = await recs(a, u);
    const second = await recs(b, u); // the second showing of the same five items: allowed (and cached)
    expect(ids(second)).toEqual(ids(first));
    expect(second.cached).toBe(true);
    const third = await recs(a, u);
    expect(third.items).toHaveLength(5);
    expect(third.cached).toBe(false);
    for (const id of ids(third)) expect(ids(first)).not.toContain(id);
    // Shown once so far: the third list may come again once, then it is capped too.
    const fourth = await recs(b, u);
    expect(ids(fourth)).toEqual(ids(third));
    const fifth = await recs(a, u);
    for (const id of ids(fifth)) expect([...ids(first), ...ids(third)]).not.toContain(id);
    expect(await redis.zCard(impressionsKey('HOME', u))).toBe(25);
    expect(await redis.pTTL(impressionsKey('HOME', u))).toBeGreaterThan(23 * 3_600_000);

    // Another customer is unaffected by u's impressions.
    const other = slice.customers[1];
    expect(ids(await recs(b, other))).toEqual(ids(await recs(a, other)));
  });

  it('caps complementaryItems for a known user on the CART placement', async () => {
    expect((await admin(a, SET, { p: 'CART', n: 1, h: 1 })).errors).toBeUndefined();
    await waitFor(
      'instance b to see the CART cap',
      async () => (await admin(b, CAPS)).data.contactCaps[2].origin === 'operator',
    );
    const u = slice.customers[2];
    const basket = [[...slice.boughtBy.get(u)!][0]];
    const cart = async (api: E2eApp) => {
      const res = await api.gql<any>(CART, { ids: basket, u }, asShop);
      expect(res.errors).toBeUndefined();
      return (res.data.complementaryItems.items as { item: { id: string } }[]).map((r) => r.item.id);
    };
    const first = await cart(a);
    const second = await cart(b);
    expect(first).toHaveLength(4);
    expect(second).toHaveLength(4);
    for (const id of second) expect(first).not.toContain(id);
  });

  it('forgetUser drops the user’s impressions; removing the cap stops counting', async () => {
    const u = slice.customers[0];
    expect(await redis.exists(impressionsKey('HOME', u))).toBe(1);
    const forgot = await admin(a, `mutation F($u: ID!) { forgetUser(userId: $u) { deleted cacheInvalidated } }`, { u });
    expect(forgot.data.forgetUser).toEqual({ deleted: true, cacheInvalidated: true });
    expect(await redis.exists(impressionsKey('HOME', u))).toBe(0);

    const removed = await admin(b, REMOVE, { p: 'HOME' });
    expect(removed.data.removeContactCap).toEqual({ placement: 'HOME', maxImpressions: null, origin: 'operator' });
    await waitFor(
      'instance a to see the removal',
      async () => (await admin(a, CAPS)).data.contactCaps[0].maxImpressions === null,
    );
    const w = slice.customers[3];
    const lists = [await recs(a, w), await recs(b, w), await recs(a, w)];
    expect(ids(lists[1])).toEqual(ids(lists[0]));
    expect(ids(lists[2])).toEqual(ids(lists[0]));
    expect(lists[2].cached).toBe(true);
    expect(await redis.exists(impressionsKey('HOME', w))).toBe(0);
  });
});
