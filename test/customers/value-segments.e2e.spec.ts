// Value segments end to end: the training job's stages (segments, then customer value) on a real Online Retail
// slice in the real PostgreSQL, read back through the admin GraphQL API — userProfile, segmentSizes, the
// customers matrix — and used as a target of weights and experiments; a customer who refuses personalisation
// loses their prediction and their value segment.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportsRepository } from '../../src/exports/exports.repository.js';
import { RecommendationsRepository } from '../../src/recommendations/recommendations.repository.js';
import { SegmentsService } from '../../src/segments/segments.service.js';
import { runCustomerValueStage } from '../../training/stages/customer-value.stage.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const VALUE = `query P($u: ID!) { userProfile(userId: $u) { segment value { clv probabilityAlive valueTier atRisk valueSegment } } }`;
const SIZES = `{ segmentSizes { total value { segment users } } }`;
const MATRIX = `{ customerValueMatrix { segment valueTier atRisk users } }`;
const CELL = `query C($s: String!, $t: String!, $r: Boolean!, $l: Int) {
  customerValueCell(segment: $s, valueTier: $t, atRisk: $r, limit: $l) {
    total members { userId clv probabilityAlive expectedPurchases monetary valueSegment } } }`;

describe('value segments (e2e)', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let api: E2eApp;
  let dir: string;
  let rows: { id: string; clv: number; alive: number; tier: string; risk: boolean; seg: string | null }[];

  beforeAll(async () => {
    db = await createTestDatabase('value_segments_e2e');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    dir = mkdtempSync(join(tmpdir(), 'tailor-value-seg-'));
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('value-segments'),
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    // What the training job does after registering a model: segments, then customer value.
    await api.app.get(SegmentsService).recomputeAll();
    const result = await runCustomerValueStage(db.dataSource, dir, silentTrainProgress, {
      clv: { horizonDays: 365, annualDiscountRate: 0.1, periodDays: 30 },
      holdoutDays: 14,
    });
    expect(result?.valueSegments.sizes.map((s) => s.segment)).toEqual(['high-value', 'high-value-at-risk']);
    rows = await db.dataSource.query(
      `SELECT u.external_id AS id, v.clv, v.probability_alive AS alive, v.value_tier AS tier, v.at_risk AS risk,
              v.value_segment AS seg
         FROM customer_values v JOIN users u ON u.id = v.user_id ORDER BY v.clv DESC`,
    );
  }, 300_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const gql = async (q: string, v?: Record<string, unknown>) => {
    const res = await api.gql(q, v);
    expect(res.errors).toBeUndefined();
    return res.data as any;
  };

  it('classifies every customer by thresholds fitted on the customers: the top decile by CLV is high', () => {
    expect(rows).toHaveLength(slice.customers.length);
    const top = Math.round(rows.length / 10);
    // 30 customers: the 90th percentile falls between the 3rd and 4th highest CLV.
    expect(rows.slice(0, top).every((r) => r.tier === 'high')).toBe(true);
    expect(rows.slice(top).every((r) => r.tier !== 'high')).toBe(true);
    expect(rows.filter((r) => r.tier === 'medium')).toHaveLength(rows.length / 2 - top);
    expect(rows.some((r) => r.risk)).toBe(true);
    for (const r of rows) {
      if (r.seg === 'high-value') expect([r.tier, r.risk]).toEqual(['high', false]);
      if (r.seg === 'high-value-at-risk') expect(r.risk).toBe(true);
      if (r.risk) expect(r.alive).toBeLessThan(1);
    }
  });

  it('shows the value segment in userProfile and the sizes in segmentSizes', async () => {
    const high = rows.find((r) => r.seg === 'high-value')!;
    const p = (await gql(VALUE, { u: high.id })).userProfile;
    expect(p.value).toEqual({
      clv: high.clv,
      probabilityAlive: high.alive,
      valueTier: 'high',
      atRisk: false,
      valueSegment: 'high-value',
    });
    const sizes = (await gql(SIZES)).segmentSizes;
    expect(sizes.total).toBe(slice.customers.length);
    expect(sizes.value).toEqual([
      { segment: 'high-value', users: rows.filter((r) => r.seg === 'high-value').length },
      { segment: 'high-value-at-risk', users: rows.filter((r) => r.seg === 'high-value-at-risk').length },
    ]);
  });

  it('counts the customers per RFM segment × value tier × risk and lists a cell, highest CLV first', async () => {
    const cells: { segment: string; valueTier: string; atRisk: boolean; users: number }[] = (await gql(MATRIX))
      .customerValueMatrix;
    expect(cells.reduce((s, c) => s + c.users, 0)).toBe(slice.customers.length);
    const biggest = cells.reduce((a, b) => (b.users > a.users ? b : a));
    const cell = (await gql(CELL, { s: biggest.segment, t: biggest.valueTier, r: biggest.atRisk, l: 2 }))
      .customerValueCell;
    expect(cell.total).toBe(biggest.users);
    expect(cell.members).toHaveLength(Math.min(2, biggest.users));
    const inCell = rows.filter((r) => r.tier === biggest.valueTier && r.risk === biggest.atRisk);
    for (const m of cell.members) expect(inCell.map((r) => r.id)).toContain(m.userId);
    if (cell.members.length === 2) expect(cell.members[0].clv).toBeGreaterThanOrEqual(cell.members[1].clv);

    const bad = await api.gql(CELL, { s: 'champions', t: 'huge', r: false });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/valueTier must be one of high, medium, low/);
    const badSegment = await api.gql(CELL, { s: 'vip', t: 'high', r: false });
    expect(badSegment.errors?.[0].message).toMatch(/unknown segment "vip"/);
    const badLimit = await api.gql(CELL, { s: 'champions', t: 'high', r: false, l: 101 });
    expect(badLimit.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is a target of segment weights and experiments, and the serving path sees a member’s value segment', async () => {
    const set = await api.gql(
      `mutation { setPlacementWeights(placement: HOME, segment: "high-value", weights: [{ source: "popularity", weight: 1 }]) { segment origin } }`,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setPlacementWeights).toEqual({ segment: 'high-value', origin: 'segment' });
    const experiment = await api.gql(
      `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { segment } }`,
      {
        i: {
          name: 'win-back',
          placement: 'HOME',
          segment: 'high-value-at-risk',
          variants: [
            { name: 'control', control: true, trafficShare: 0.5 },
            { name: 'trending', trafficShare: 0.5, weights: { trending: 1 } },
          ],
        },
      },
    );
    expect(experiment.errors).toBeUndefined();
    expect(experiment.data!.createExperiment.segment).toBe('high-value-at-risk');

    const high = rows.find((r) => r.seg === 'high-value')!;
    const membership = await api.app.get(RecommendationsRepository).userSegment(high.id);
    expect(membership).toMatchObject({ valueSegment: 'high-value' });
    expect(await api.app.get(SegmentsService).members('high-value')).toEqual(
      expect.arrayContaining(rows.filter((r) => r.seg === 'high-value').map((r) => r.id)),
    );

    // `tailor export profiles --segment high-value` reads exactly the segment's customers, with their classes.
    const exports = new ExportsRepository(db.dataSource);
    const inSegment = rows.filter((r) => r.seg === 'high-value');
    expect(await exports.countCustomers('high-value')).toBe(inSegment.length);
    const page = await exports.profilePage('0', 100, 'high-value');
    expect(page.map((p) => p.userId).sort()).toEqual(inSegment.map((r) => r.id).sort());
    for (const p of page) expect(p).toMatchObject({ valueTier: 'high', atRisk: false, valueSegment: 'high-value' });
  });

  it('drops the prediction and the value segment of a customer who refuses personalisation', async () => {
    const high = rows.find((r) => r.seg === 'high-value')!;
    const before = (await gql(SIZES)).segmentSizes.value[0].users;
    await gql(`mutation($u: ID!) { setPersonalization(userId: $u, personalized: false, source: "test") { changed } }`, {
      u: high.id,
    });
    const p = (await gql(VALUE, { u: high.id })).userProfile;
    expect(p.value).toBeNull();
    expect(p.segment).toBeNull();
    expect((await gql(SIZES)).segmentSizes.value[0].users).toBe(before - 1);
    expect(await api.app.get(SegmentsService).members('high-value')).not.toContain(high.id);
    expect(await api.app.get(RecommendationsRepository).userSegment(high.id)).toBeNull();
  });
});
