// Admin segment queries end to end: real app (keys mode), real PostgreSQL and Redis, a real Online
// Retail slice; a purchase recorded through the storefront API refreshes that customer's profile.
import { jest } from '@jest/globals';
import { EventsService } from '../../src/events/events.service.js';
import { SegmentsService } from '../../src/segments/segments.service.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const SF = 'segments-e2e-storefront-key-01';
const ADMIN = 'segments-e2e-admin-key-0123456';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asStorefront = { authorization: `Bearer ${SF}` };

const PROFILE = `query P($userId: ID!) { userProfile(userId: $userId) {
  userId segment lifecycle purchaseCount firstPurchaseAt lastPurchaseAt referenceAt computedAt
  rfm { r f m code recencyDays frequency monetary } nextPurchaseWindow { from to } } }`;
const SIZES = `{ segmentSizes { total segments { segment users } lifecycle { stage users } } }`;
const RECORD = `mutation R($input: EventInput!) { recordEvent(input: $input) }`;

describe('segments admin API (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_segments_api');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-segments-api'),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    // What the training job does at the end of a run.
    await api.app.get(SegmentsService).recomputeAll();
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const profile = async (userId: string) => {
    const res = await api.gql(PROFILE, { userId }, asAdmin);
    expect(res.errors).toBeUndefined();
    return res.data!.userProfile;
  };
  const linesOf = (customer: string) => slice.purchases.filter((p) => p.customerId === customer);

  it('userProfile returns the RFM scores, lifecycle and purchase facts of a customer', async () => {
    const customer = slice.customers[0];
    const lines = linesOf(customer);
    const p = await profile(customer);
    expect(p.userId).toBe(customer);
    expect(p.purchaseCount).toBe(lines.length);
    expect(p.rfm.frequency).toBe(new Set(lines.map((l) => l.invoice)).size);
    expect(p.rfm.monetary).toBeCloseTo(
      lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
      2,
    );
    expect(p.rfm.code).toBe(`${p.rfm.r}${p.rfm.f}${p.rfm.m}`);
    expect(new Date(p.lastPurchaseAt).getTime()).toBe(Math.max(...lines.map((l) => l.occurredAt.getTime())));
    expect(new Date(p.firstPurchaseAt).getTime()).toBe(Math.min(...lines.map((l) => l.occurredAt.getTime())));
    expect(['new', 'active', 'at-risk', 'lapsed']).toContain(p.lifecycle);
    expect(typeof p.segment).toBe('string');
  });

  it('userProfile is null for an unknown user and rejects a blank id', async () => {
    expect(await profile('no-such-customer')).toBeNull();
    const res = await api.gql(PROFILE, { userId: '  ' }, asAdmin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('segmentSizes lists every segment and stage, summing to the customers with purchases', async () => {
    const res = await api.gql(SIZES, undefined, asAdmin);
    expect(res.errors).toBeUndefined();
    const sizes = res.data!.segmentSizes;
    expect(sizes.total).toBe(slice.customers.length);
    expect(sizes.segments).toHaveLength(10);
    expect(sizes.lifecycle.map((l: { stage: string }) => l.stage)).toEqual(['new', 'active', 'at-risk', 'lapsed']);
    const sum = (xs: { users: number }[]) => xs.reduce((s, x) => s + x.users, 0);
    expect(sum(sizes.segments)).toBe(sizes.total);
    expect(sum(sizes.lifecycle)).toBe(sizes.total);
  });

  it('both queries are admin-only: FORBIDDEN with a storefront key, 401 without a key', async () => {
    for (const [query, variables] of [
      [PROFILE, { userId: slice.customers[0] }],
      [SIZES, undefined],
    ] as const) {
      const res = await api.gql(query, variables, asStorefront);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.userProfile ?? res.data?.segmentSizes ?? null).toBeNull(); // nothing leaked
      const anonymous = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      expect(anonymous.status).toBe(401);
    }
  });

  it('a purchase recorded through the storefront API refreshes that customer, and creates a new one', async () => {
    const customer = slice.customers[slice.customers.length - 1];
    const before = await profile(customer);
    const item = [...slice.items.keys()][0];
    const at = '2011-12-09T10:00:00.000Z'; // after the slice's last purchase (2011-12-08)
    const record = (userId: string, eventId: string) =>
      api.gql(
        RECORD,
        {
          input: {
            eventId,
            userId,
            itemId: item,
            type: 'PURCHASE',
            quantity: 3,
            price: 2,
            basketId: eventId,
            occurredAt: at,
          },
        },
        asStorefront,
      );
    expect((await record(customer, 'seg-e2e-1')).data?.recordEvent).toBe(true);
    expect((await record('seg-e2e-newcomer', 'seg-e2e-2')).data?.recordEvent).toBe(true);
    await api.app.get(EventsService).segmentRefreshesSettled();

    const after = await profile(customer);
    expect(after.purchaseCount).toBe(before.purchaseCount + 1);
    expect(after.rfm.frequency).toBe(before.rfm.frequency + 1);
    expect(after.rfm.monetary).toBeCloseTo(before.rfm.monetary + 6, 2);
    expect(after.lastPurchaseAt).toBe(at);
    expect(after.rfm.recencyDays).toBe(0);
    expect(after.referenceAt).toBe(at);
    expect(after.lifecycle).toBe('active');

    const newcomer = await profile('seg-e2e-newcomer');
    expect(newcomer).toMatchObject({ purchaseCount: 1, lifecycle: 'new', nextPurchaseWindow: null });
    expect(newcomer.rfm).toMatchObject({ recencyDays: 0, frequency: 1, monetary: 6, f: 1 });
    expect(newcomer.segment).not.toBeNull();
  });

  it('a failing segment refresh never fails the event (it is logged; the next full run repairs it)', async () => {
    const segments = api.app.get(SegmentsService);
    // The only stand-in in this spec: a database failure inside the refresh cannot be provoked otherwise.
    const refresh = jest.spyOn(segments, 'refreshUser').mockRejectedValueOnce(new Error('simulated failure'));
    try {
      const item = [...slice.items.keys()][1];
      const res = await api.gql(
        RECORD,
        {
          input: {
            eventId: 'seg-e2e-3',
            userId: slice.customers[1],
            itemId: item,
            type: 'PURCHASE',
            occurredAt: '2011-12-09T11:00:00Z',
          },
        },
        asStorefront,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.recordEvent).toBe(true);
      await api.app.get(EventsService).segmentRefreshesSettled();
      expect(refresh).toHaveBeenCalledWith(slice.customers[1]);
    } finally {
      refresh.mockRestore();
    }
  });
});
