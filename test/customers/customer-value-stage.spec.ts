// The training job's customer-value stage on a real Online Retail slice in the real PostgreSQL: predictions
// stored per customer (none for a customer who refused personalisation), the holdout evaluation for the
// report's section, and the predictions on the admin API's userProfile.
// The slice covers November–December 2011 (30 customers): a two-week holdout leaves enough before it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerValueSection, runCustomerValueStage } from '../../training/stages/customer-value.stage.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { startE2eApp } from '../e2e/support/e2e-app.js';

describe('customer-value stage', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('customer_value_stage');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    dir = mkdtempSync(join(tmpdir(), 'tailor-clv-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every customer’s prediction but the opted-out one’s, evaluates on a holdout and shows it in userProfile', async () => {
    const optedOut = slice.customers[0];
    await db.dataSource.query(
      `INSERT INTO personalization_preferences (user_id, personalized, source) VALUES ($1, false, 'test')`,
      [optedOut],
    );
    const result = await runCustomerValueStage(db.dataSource, dir, silentTrainProgress, {
      clv: { horizonDays: 365, annualDiscountRate: 0.1, periodDays: 30 },
      holdoutDays: 14,
    });
    expect(result).not.toBeNull();
    expect(result!.customers).toBe(slice.customers.length - 1);
    const newest = Math.max(...slice.purchases.map((p) => p.occurredAt.getTime()));
    expect(new Date(result!.referenceAt).getTime()).toBe(newest);

    const rows: { id: string; alive: number; purchases: number; clv: number; value: number }[] =
      await db.dataSource.query(
        `SELECT u.external_id AS id, probability_alive AS alive, expected_purchases AS purchases, clv,
                expected_order_value AS value
           FROM customer_values v JOIN users u ON u.id = v.user_id`,
      );
    expect(rows).toHaveLength(slice.customers.length - 1);
    expect(rows.some((r) => r.id === optedOut)).toBe(false);
    for (const r of rows) {
      expect(r.alive).toBeGreaterThanOrEqual(0);
      expect(r.alive).toBeLessThanOrEqual(1);
      expect(r.purchases).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeGreaterThan(0);
      // Discounting at 10 % a year over one year: below the undiscounted product, above it / 1.1.
      expect(r.clv).toBeLessThanOrEqual(r.purchases * r.value + 1e-9);
      expect(r.clv).toBeGreaterThanOrEqual((r.purchases * r.value) / 1.1 - 1e-9);
    }

    const e = result!.evaluation!;
    expect(e.holdoutDays).toBe(14);
    expect(e.topDecileRevenueShareClv).toBeGreaterThan(0);
    expect(e.purchasesMae).toBeGreaterThan(0);
    const section = customerValueSection(result!);
    expect(section).toMatchObject({ customers: slice.customers.length - 1, horizonDays: 365 });
    expect(section.holdout).toMatchObject({ holdoutDays: 14, customers: e.customers, purchasesMae: e.purchasesMae });
    expect(section.holdout).not.toHaveProperty('model');
    const saved = JSON.parse(readFileSync(join(dir, 'customer-value.json'), 'utf8'));
    expect(saved.model.bgNbd.r).toBeGreaterThan(0);

    // A second run replaces the rows instead of adding to them.
    await runCustomerValueStage(db.dataSource, dir, silentTrainProgress);
    expect(Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_values`))[0].n)).toBe(
      slice.customers.length - 1,
    );

    const api = await startE2eApp({ DATABASE_URL: db.url, REDIS_URL: undefined });
    try {
      const q = `query P($u: ID!) { userProfile(userId: $u) { userId value { probabilityAlive expectedPurchases clv horizonDays } } }`;
      const top = rows.reduce((a, b) => (b.clv > a.clv ? b : a));
      const res = await api.gql(q, { u: top.id });
      expect(res.errors).toBeUndefined();
      expect(res.data?.userProfile.value).toEqual({
        probabilityAlive: top.alive,
        expectedPurchases: top.purchases,
        clv: top.clv,
        horizonDays: 365,
      });
      expect((await api.gql(q, { u: optedOut })).data?.userProfile.value).toBeNull();
    } finally {
      await api.close();
    }
  }, 300_000);

  it('reports nothing and stores nothing without purchases (logged, not thrown)', async () => {
    const empty = await createTestDatabase('customer_value_stage_empty');
    const logs: string[] = [];
    try {
      const result = await runCustomerValueStage(empty.dataSource, dir, {
        ...silentTrainProgress,
        log: (m: string) => logs.push(m),
      });
      expect(result).toBeNull();
      expect(logs.join('\n')).toMatch(/customer value not computed: BG\/NBD: no customers/);
    } finally {
      await empty.drop();
    }
  });
});
