// Experiments end to end: real app (keys mode), real PostgreSQL, real Redis, the real retail slice.
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import { assignVariant } from '../../src/ml/experiments/assignment.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const SF = 'sf_experiments_storefront_key_0001';
const ADMIN = 'adm_experiments_admin_key_000001';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asShop = { authorization: `Bearer ${SF}` };
const BYPASS = { 'x-tailor-cache': 'bypass' };

const CREATE = `mutation Create($input: CreateExperimentInput!) {
  createExperiment(input: $input) { id name placement segment status variants(first: 10) { name control trafficShare weights modelVersion } }
}`;
const START = `mutation Start($id: ID!) { startExperiment(id: $id) { id status startedAt } }`;
const STOP = `mutation Stop($id: ID!) { stopExperiment(id: $id) { id status stoppedAt } }`;
const SHIP = `mutation Ship($id: ID!, $v: String!) { shipVariant(experimentId: $id, variant: $v) { id status shippedVariant } }`;
const REPORT = `query Report($id: ID!) { experiment(id: $id) { id status report {
  verdict verdictVariant reason primaryMetric alpha comparisonAlpha minUsersPerVariant
  variants(first: 2) { name control users impressions clicks addToCarts converters revenue ctr ctrInterval { low high }
             conversionRate conversionInterval { low high } revenuePerUser revenuePerUserInterval { low high }
             conversionDifference conversionPValue ctrPValue revenuePValue }
} } }`;
const RECS = `query Recs($userId: ID!) { recommendations(userId: $userId, limit: 5, placement: HOME) {
  requestId experimentId variant cached items { item { id price } } } }`;
const RECORD_MANY = `mutation RecordMany($inputs: [EventInput!]!) { recordEvents(inputs: $inputs) { accepted duplicates } }`;

const TREATMENT_WEIGHTS = { trending: 1, popular: 0.1 };
const input = (over: Record<string, unknown> = {}) => ({
  name: 'Trending first on HOME',
  placement: 'HOME',
  variants: [
    { name: 'control', trafficShare: 0.5, control: true },
    { name: 'trending-first', trafficShare: 0.5, weights: TREATMENT_WEIGHTS },
  ],
  ...over,
});

describe('experiments (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;
  let experimentId: string;
  // userId → the list served (first call)
  // Every response served while the experiment runs is an exposure: items shown per variant.
  const impressions = new Map<string, number>();
  const shown = (variant: string, items: number) => impressions.set(variant, (impressions.get(variant) ?? 0) + items);
  const served = new Map<
    string,
    { requestId: string; variant: string; items: { id: string; price: number | null }[] }
  >();

  const admin = (q: string, v?: Record<string, unknown>) => api.gql<any>(q, v, asAdmin);
  const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_experiments');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-experiments'),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '0',
      EXPERIMENT_MIN_USERS_PER_VARIANT: '50',
      EXPOSURE_FLUSH_MS: '50',
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('validation and access', () => {
    it.each([
      [
        'shares not summing to 1',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.4 },
          ],
        }),
        /sum to 1/,
      ],
      ['an unknown placement', input({ placement: 'CHECKOUT' }), /placement must be one of/],
      ['an unknown segment', input({ segment: 'Champions' }), /segment must be one of champions, .*got "Champions"/],
      ['a single variant', input({ variants: [{ name: 'a', trafficShare: 1, control: true }] }), /2 to 10 variants/],
      [
        'two controls',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.5, control: true },
          ],
        }),
        /exactly one control/,
      ],
      [
        'no control',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5 },
            { name: 'b', trafficShare: 0.5 },
          ],
        }),
        /exactly one control/,
      ],
      [
        'negative weights',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.5, weights: { popular: -1 } },
          ],
        }),
        /weights invalid/,
      ],
      [
        'all-zero weights',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.5, weights: { popular: 0 } },
          ],
        }),
        /above 0/,
      ],
      [
        'a source the placement does not have',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.5, weights: { 'co-purchase': 1 } },
          ],
        }),
        /no source "co-purchase"/,
      ],
      [
        'an unknown model version',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'b', trafficShare: 0.5, modelVersion: 'v-nope' },
          ],
        }),
        /no registered model version/,
      ],
      [
        'duplicate variant names',
        input({
          variants: [
            { name: 'a', trafficShare: 0.5, control: true },
            { name: 'a', trafficShare: 0.5 },
          ],
        }),
        /used twice/,
      ],
    ])('rejects %s with BAD_USER_INPUT', async (_label, bad, message) => {
      const res = await admin(CREATE, { input: bad });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    });

    it('storefront keys cannot call experiment operations (FORBIDDEN)', async () => {
      const create = await api.gql(CREATE, { input: input() }, asShop);
      expect(codeOf(create)).toBe('FORBIDDEN');
      const list = await api.gql(`{ experiments { id } }`, undefined, asShop);
      expect(codeOf(list)).toBe('FORBIDDEN');
      const start = await api.gql(START, { id: '1' }, asShop);
      expect(codeOf(start)).toBe('FORBIDDEN');
      const ship = await api.gql(SHIP, { id: '1', v: 'control' }, asShop);
      expect(codeOf(ship)).toBe('FORBIDDEN');
    });
  });

  describe('a running A/B test on HOME', () => {
    it('creates a draft and starts it; a second experiment on the placement cannot start (CONFLICT)', async () => {
      const created = await admin(CREATE, { input: input() });
      expect(created.errors).toBeUndefined();
      const e = created.data.createExperiment;
      expect(e).toMatchObject({ placement: 'HOME', status: 'DRAFT', segment: null });
      expect(e.variants).toEqual([
        { name: 'control', control: true, trafficShare: 0.5, weights: null, modelVersion: null },
        { name: 'trending-first', control: false, trafficShare: 0.5, weights: TREATMENT_WEIGHTS, modelVersion: null },
      ]);
      experimentId = e.id;
      const started = await admin(START, { id: experimentId });
      expect(started.errors).toBeUndefined();
      expect(started.data.startExperiment.status).toBe('RUNNING');

      const other = (await admin(CREATE, { input: input({ name: 'rival' }) })).data.createExperiment;
      const rival = await admin(START, { id: other.id });
      expect(codeOf(rival)).toBe('CONFLICT');
      // A segment-targeted experiment on the same placement is a different slot.
      const targeted = (await admin(CREATE, { input: input({ name: 'champions only', segment: 'champions' }) })).data
        .createExperiment;
      expect((await admin(START, { id: targeted.id })).data.startExperiment.status).toBe('RUNNING');
      expect((await admin(STOP, { id: targeted.id })).data.stopExperiment.status).toBe('STOPPED');
    });

    it('tags every response with the variant, assigns deterministically, splits about 50/50', async () => {
      // Known customers (segment rows are not computed here, so the targeted test would not catch them) and new users.
      const users = [
        ...slice.customers,
        ...Array.from({ length: 300 - slice.customers.length }, (_, i) => `new-user-${i}`),
      ];
      for (const userId of users) {
        const res = await api.gql<any>(RECS, { userId }, { ...asShop, ...BYPASS });
        expect(res.errors).toBeUndefined();
        const list = res.data.recommendations;
        expect(list.experimentId).toBe(experimentId);
        expect(list.variant).toBe(assignVariant(experimentId, userId, input().variants).name);
        shown(list.variant, list.items.length);
        served.set(userId, {
          requestId: list.requestId,
          variant: list.variant,
          items: list.items.map((r: any) => r.item),
        });
      }
      const treated = [...served.values()].filter((s) => s.variant === 'trending-first').length;
      expect(treated / users.length).toBeGreaterThan(0.4);
      expect(treated / users.length).toBeLessThan(0.6);
      // Stable per user, cached or not, and the cache never mixes variants (variant is in the key).
      for (const userId of users.slice(0, 10)) {
        const first = await api.gql<any>(RECS, { userId }, asShop);
        const second = await api.gql<any>(RECS, { userId }, asShop);
        expect(second.data.recommendations.cached).toBe(true);
        expect(first.data.recommendations.variant).toBe(served.get(userId)!.variant);
        expect(second.data.recommendations.variant).toBe(served.get(userId)!.variant);
        expect(second.data.recommendations.requestId).not.toBe(first.data.recommendations.requestId);
        shown(first.data.recommendations.variant, first.data.recommendations.items.length);
        shown(second.data.recommendations.variant, second.data.recommendations.items.length);
      }
    });

    it('the treatment ranks with its own weights (trending first), the control with the placement plan', async () => {
      const sources = async (variant: string) => {
        const userId = [...served.entries()].find(([u, s]) => s.variant === variant && u.startsWith('new-user'))![0];
        const res = await api.gql<any>(
          `{ recommendations(userId: "${userId}", limit: 5) { variant items { source } } }`,
          undefined,
          {
            ...asShop,
            ...BYPASS,
          },
        );
        shown(res.data.recommendations.variant, res.data.recommendations.items.length);
        return res.data.recommendations.items.map((r: any) => r.source);
      };
      expect((await sources('trending-first'))[0]).toBe('trending');
      expect((await sources('control'))[0]).toBe('popular');
    });

    it('attributes clicks, add-to-carts and purchases carrying the requestId to the variant that served them', async () => {
      // Treatment: 40 users click their first item and buy it (2 × price); control: 40 users click only.
      // Plus noise that must not count: a purchase of an item not shown, and a purchase without requestId.
      const expected = new Map([
        ['control', { users: 0, impressions: 0, clicks: 0, carts: 0, converters: 0, revenue: 0 }],
        ['trending-first', { users: 0, impressions: 0, clicks: 0, carts: 0, converters: 0, revenue: 0 }],
      ]);
      const events: Record<string, unknown>[] = [];
      const perVariant = new Map<string, number>();
      for (const [userId, s] of served) {
        const x = expected.get(s.variant)!;
        x.users++;
        x.impressions = impressions.get(s.variant)!;
        const n = perVariant.get(s.variant) ?? 0;
        perVariant.set(s.variant, n + 1);
        if (n >= 40) continue;
        const shown = s.items[0];
        events.push({ eventId: randomUUID(), userId, itemId: shown.id, type: 'CLICK', requestId: s.requestId });
        // Clicking the same item twice in one response is one click.
        events.push({ eventId: randomUUID(), userId, itemId: shown.id, type: 'CLICK', requestId: s.requestId });
        x.clicks++;
        if (s.variant === 'trending-first') {
          events.push({ eventId: randomUUID(), userId, itemId: shown.id, type: 'ADD_TO_CART', requestId: s.requestId });
          events.push({
            eventId: randomUUID(),
            userId,
            itemId: shown.id,
            type: 'PURCHASE',
            quantity: 2,
            price: 3.5,
            requestId: s.requestId,
          });
          x.carts++;
          x.converters++;
          x.revenue += 7;
        } else {
          const notShown = [...slice.items.keys()].find((id) => !s.items.some((i) => i.id === id))!;
          events.push({
            eventId: randomUUID(),
            userId,
            itemId: notShown,
            type: 'PURCHASE',
            price: 100,
            requestId: s.requestId,
          });
          events.push({ eventId: randomUUID(), userId, itemId: shown.id, type: 'PURCHASE', price: 100 });
        }
      }
      for (let i = 0; i < events.length; i += 500) {
        const res = await api.gql<any>(RECORD_MANY, { inputs: events.slice(i, i + 500) }, asShop);
        expect(res.errors).toBeUndefined();
      }

      const res = await admin(REPORT, { id: experimentId });
      expect(res.errors).toBeUndefined();
      const report = res.data.experiment.report;
      const byName = new Map<string, any>(report.variants.map((v: any) => [v.name, v]));
      for (const [name, x] of expected) {
        const v = byName.get(name)!;
        expect(v).toMatchObject({
          users: x.users,
          impressions: x.impressions,
          clicks: x.clicks,
          addToCarts: x.carts,
          converters: x.converters,
        });
        expect(v.revenue).toBeCloseTo(x.revenue, 6);
        expect(v.ctr).toBeCloseTo(x.clicks / x.impressions, 10);
        expect(v.conversionRate).toBeCloseTo(x.converters / x.users, 10);
        expect(v.revenuePerUser).toBeCloseTo(x.revenue / x.users, 10);
        expect(v.conversionInterval.low).toBeLessThanOrEqual(v.conversionRate);
        expect(v.conversionInterval.high).toBeGreaterThanOrEqual(v.conversionRate);
      }
      expect(byName.get('control').conversionPValue).toBeNull();
      expect(byName.get('trending-first').conversionPValue).toBeLessThan(0.001);
      expect(report).toMatchObject({
        verdict: 'WINNER',
        verdictVariant: 'trending-first',
        primaryMetric: 'conversionRate',
        minUsersPerVariant: 50,
      });
    });

    it('stops: lists carry no variant any more; the report stays', async () => {
      expect((await admin(STOP, { id: experimentId })).data.stopExperiment.status).toBe('STOPPED');
      const res = await api.gql<any>(RECS, { userId: slice.customers[0] }, { ...asShop, ...BYPASS });
      expect(res.data.recommendations.variant).toBeNull();
      expect(res.data.recommendations.experimentId).toBeNull();
      const report = await admin(REPORT, { id: experimentId });
      expect(report.data.experiment.status).toBe('STOPPED');
      expect(report.data.experiment.report.verdict).toBe('WINNER');
    });

    it("ships the winner: its weights become the placement's weights", async () => {
      const bad = await admin(SHIP, { id: experimentId, v: 'nope' });
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      const shipped = await admin(SHIP, { id: experimentId, v: 'trending-first' });
      expect(shipped.errors).toBeUndefined();
      expect(shipped.data.shipVariant).toMatchObject({ status: 'SHIPPED', shippedVariant: 'trending-first' });
      const weights = await admin(
        `{ placementWeights(placement: HOME) { placement origin weights { source weight } } }`,
      );
      expect(weights.errors).toBeUndefined();
      const home = weights.data.placementWeights;
      expect(home.origin).toBe('operator');
      expect(Object.fromEntries(home.weights.map((w: any) => [w.source, w.weight]))).toEqual(TREATMENT_WEIGHTS);
      expect(codeOf(await admin(START, { id: experimentId }))).toBe('CONFLICT');
      const list = await admin(`{ experiments(status: SHIPPED, limit: 10) { id shippedVariant } }`);
      expect(list.data.experiments).toEqual([{ id: experimentId, shippedVariant: 'trending-first' }]);
    });

    it('null for limit and first means their defaults, as the schema says', async () => {
      const list = await admin(`query Q($l: Int) { experiments(limit: $l) { id } }`, { l: null });
      expect(list.errors).toBeUndefined();
      expect(list.data.experiments.map((e: any) => e.id)).toContain(experimentId);
      const one = await admin(
        `query Q($id: ID!, $f: Int) { experiment(id: $id) { variants(first: $f) { name }
          report { variants(first: $f) { name servedBy(first: $f) { responses } } } } }`,
        { id: experimentId, f: null },
      );
      expect(one.errors).toBeUndefined();
      const e = one.data.experiment;
      expect(e.variants.map((v: any) => v.name)).toEqual(['control', 'trending-first']);
      expect(e.report.variants.map((v: any) => v.name)).toEqual(['control', 'trending-first']);
      expect(e.report.variants[0].servedBy.length).toBeGreaterThan(0);
    });

    it('unknown experiment → NOT_FOUND, malformed id → BAD_USER_INPUT', async () => {
      expect(codeOf(await admin(REPORT, { id: '999999' }))).toBe('NOT_FOUND');
      expect(codeOf(await admin(REPORT, { id: 'abc' }))).toBe('BAD_USER_INPUT');
    });
  });
});
