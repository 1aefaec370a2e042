import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { SegmentsRepository } from '../../src/segments/segments.repository.js';
import { SegmentsModule } from '../../src/segments/segments.module.js';
import { SegmentsService } from '../../src/segments/segments.service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

// Six customers with hand-computed RFM scores and lifecycle stages (see the expectations below);
// the same scenario runs on the real PostgreSQL server and on embedded PGlite.
const DAY = 86_400_000;
const REF = Date.UTC(2011, 11, 9, 12); // A's last order: the data's reference time
const at = (daysFromRef: number) => new Date(REF + daysFromRef * DAY);

const CONFIG = { SEGMENT_NEW_DAYS: 30, SEGMENT_ACTIVE_DAYS: 90, SEGMENT_LAPSED_DAYS: 180 };

let eventNo = 0;
async function purchase(
  ds: DataSource,
  user: string,
  daysFromRef: number,
  lines: [qty: number, price: number | null][],
  basket: string | null = `${user}${daysFromRef}`,
) {
  for (const [qty, price] of lines) {
    await ds.query(
      `INSERT INTO events (event_key, user_id, item_id, type, quantity, price, basket_id, occurred_at)
       SELECT $1, u.id, i.id, 'purchase', $2, $3, $4, $5 FROM users u, items i WHERE u.external_id = $6 AND i.external_id = 'I1'`,
      [`e${++eventNo}`, qty, price, basket, at(daysFromRef).toISOString(), user],
    );
  }
}

async function seed(ds: DataSource) {
  for (const u of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
    await ds.query(`INSERT INTO users (external_id, first_seen_at, last_seen_at) VALUES ($1, $2, $2)`, [
      u,
      at(-400).toISOString(),
    ]);
  }
  await ds.query(`INSERT INTO items (external_id, title, price) VALUES ('I1', 'Item', 5)`);
  // A: every 20 days, last at REF; 5 orders × 10 × 5.00 = 250
  for (const d of [-80, -60, -40, -20, 0]) await purchase(ds, 'A', d, [[10, 5]]);
  // B: 2 orders (35 days apart), 2 × 100 each = 400
  for (const d of [-45, -10]) await purchase(ds, 'B', d, [[2, 100]]);
  // C: one order 5 days ago; the second line has no price (counts 0): 20
  await purchase(ds, 'C', -5, [
    [1, 20],
    [3, null],
  ]);
  // D: every 50 days, last 200 days ago; 3 × 100 = 300
  for (const d of [-300, -250, -200]) await purchase(ds, 'D', d, [[4, 25]]);
  // E: 120 days apart, last 130 days ago; 2 × 10 = 20
  for (const d of [-250, -130]) await purchase(ds, 'E', d, [[1, 10]]);
  // F: one order 120 days ago without a basket id: two lines at the same instant = one order; 15 + 5 = 20
  await purchase(
    ds,
    'F',
    -120,
    [
      [3, 5],
      [1, 5],
    ],
    null,
  );
  // G only viewed something.
  await ds.query(
    `INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
     SELECT 'view-g', u.id, i.id, 'view', $1 FROM users u, items i WHERE u.external_id = 'G' AND i.external_id = 'I1'`,
    [at(-1).toISOString()],
  );
}

const backends: [string, () => Promise<{ ds: DataSource; close: () => Promise<void> }>][] = [
  [
    'PostgreSQL',
    async () => {
      const db: TestDatabase = await createTestDatabase('segments');
      return { ds: db.dataSource, close: () => db.drop() };
    },
  ],
  [
    'PGlite',
    async () => {
      const ds = await openDataSource({ dataDir: 'memory://' });
      return { ds, close: () => ds.destroy() };
    },
  ],
];

describe.each(backends)('SegmentsService on %s', (_name, open) => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let service: SegmentsService;
  const codes = async () =>
    Object.fromEntries(
      (
        (await ds.query(
          `SELECT u.external_id AS u, s.rfm_code AS code, s.segment, s.lifecycle
             FROM user_segments s JOIN users u ON u.id = s.user_id ORDER BY u.external_id`,
        )) as { u: string; code: string; segment: string; lifecycle: string }[]
      ).map((r) => [r.u, `${r.code} ${r.segment} ${r.lifecycle}`]),
    );

  beforeAll(async () => {
    ({ ds, close } = await open());
    service = new SegmentsService(new SegmentsRepository(ds), CONFIG);
    await seed(ds);
  });
  afterAll(async () => close());

  it('cannot refresh a single user before a full computation exists', async () => {
    expect(await service.refreshUser('A')).toEqual({ status: 'no-baseline' });
    expect(await service.refreshUser('nobody')).toEqual({ status: 'unknown-user' });
  });

  it('recomputes everybody against the newest purchase', async () => {
    const summary = await service.recomputeAll();
    expect(summary).toMatchObject({ users: 6, referenceAt: new Date(REF) });
    // Recency days (lower is better) D200 E130 F120 B10 C5 A0 → 1 2 3 3 4 5
    // Orders C1 F1 | B2 E2 | D3 | A5 → 1 1 | 3 3 | 4 | 5
    // Spend C20 E20 F20 | A250 | D300 | B400 → 2 2 2 | 3 | 4 | 5
    expect(await codes()).toEqual({
      A: '553 champions active',
      B: '335 needs-attention active',
      C: '412 promising new',
      D: '144 at-risk lapsed',
      E: '232 at-risk active', // 130 days > 90, but within 1.5 × its 120-day rhythm
      F: '312 about-to-sleep at-risk',
    });
    const [cuts] = await ds.query(`SELECT value FROM settings WHERE key = 'segments.rfm_cutpoints'`);
    expect(cuts.value).toEqual({
      recency: [130, 120, 5, 0],
      frequency: [2, 2, 3, 5],
      monetary: [20, 250, 300, 400],
      users: 6,
      referenceAt: new Date(REF).toISOString(),
    });
  });

  it('reports segment and lifecycle sizes, empty groups included', async () => {
    const sizes = await service.sizes();
    expect(sizes.total).toBe(6);
    expect(sizes.lifecycle).toEqual([
      { stage: 'new', users: 1 },
      { stage: 'active', users: 3 },
      { stage: 'at-risk', users: 1 },
      { stage: 'lapsed', users: 1 },
    ]);
    expect(sizes.segments.filter((s) => s.users > 0)).toEqual([
      { segment: 'champions', users: 1 },
      { segment: 'promising', users: 1 },
      { segment: 'needs-attention', users: 1 },
      { segment: 'about-to-sleep', users: 1 },
      { segment: 'at-risk', users: 2 },
    ]);
    expect(sizes.segments).toHaveLength(10);
  });

  it('returns the admin profile of a customer', async () => {
    expect(await service.profile('A')).toEqual({
      userId: 'A',
      segment: 'champions',
      rfm: { r: 5, f: 5, m: 3, code: '553', recencyDays: 0, frequency: 5, monetary: 250 },
      lifecycle: 'active',
      purchaseCount: 5,
      firstPurchaseAt: at(-80),
      lastPurchaseAt: at(0),
      nextPurchaseWindow: { from: at(20), to: at(20) },
      referenceAt: at(0),
      computedAt: expect.any(Date),
    });
    const d = await service.profile('D');
    expect(d?.nextPurchaseWindow).toEqual({ from: at(-150), to: at(-150) }); // overdue since long
    const c = await service.profile('C');
    expect(c).toMatchObject({ purchaseCount: 2, rfm: { monetary: 20, frequency: 1 }, nextPurchaseWindow: null });
  });

  it('returns null for an unknown user and an empty profile for a user without purchases', async () => {
    expect(await service.profile('nobody')).toBeNull();
    expect(await service.profile('G')).toMatchObject({
      userId: 'G',
      segment: null,
      rfm: null,
      lifecycle: null,
      purchaseCount: 0,
      lastPurchaseAt: null,
    });
  });

  it('recomputes against a given earlier "now", ignoring later purchases and dropping users without any', async () => {
    const summary = await service.recomputeAll(at(-100));
    expect(summary.users).toBe(3);
    // n = 3: score = 1 + ⌊5·(2b + e)/6⌋. Recency D100 E30 F20 → 1 3 5; orders D3 E2 F1 → 5 3 1;
    // spend E20 F20 (tie: ⌊10/6⌋) | D300 (⌊25/6⌋) → 2 2 | 5.
    // Lifecycle: D last order 100 days before → at-risk (1.5 × 50 < 100 ≤ 180); E 30 days → active;
    // F one order 20 days before → new.
    expect(await codes()).toEqual({
      D: '155 cant-lose at-risk',
      E: '332 needs-attention active',
      F: '512 new-customers new',
    });
    expect(await service.recomputeAll()).toMatchObject({ users: 6 });
  });

  it('refreshes one user after a new purchase, against the stored cut points', async () => {
    await purchase(ds, 'F', 1, [[2, 10]]);
    // F: 2 orders, recency 0 (the new purchase is the new reference), spend 40
    // cuts R [130,120,5,0] → 5; F [2,2,3,5] → 3; M [20,250,300,400] → 2
    expect(await service.refreshUser('F')).toEqual({
      status: 'updated',
      segment: 'potential-loyalist',
      lifecycle: 'active',
    });
    expect(await service.profile('F')).toMatchObject({
      rfm: { code: '532', recencyDays: 0, frequency: 2, monetary: 40 },
      purchaseCount: 3,
      lastPurchaseAt: at(1),
      nextPurchaseWindow: { from: at(122), to: at(122) },
      referenceAt: at(1),
    });
    // Nobody else moved.
    expect((await codes()).A).toBe('553 champions active');
    expect(await service.refreshUser('G')).toEqual({ status: 'removed' });
  });

  it('is provided by SegmentsModule through Nest DI (config and DataSource from global modules)', async () => {
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: ds },
        { provide: APP_CONFIG, useValue: CONFIG },
      ],
      exports: [DataSource, APP_CONFIG],
    })
    class Infra {}
    const moduleRef = await Test.createTestingModule({ imports: [Infra, SegmentsModule] }).compile();
    const fromNest = moduleRef.get(SegmentsService);
    expect((await fromNest.profile('A'))?.segment).toBe('champions');
    expect(fromNest.lifecycleThresholds()).toEqual({
      newDays: 30,
      activeDays: 90,
      lapsedDays: 180,
      intervalFactor: 1.5,
    });
    await moduleRef.close();
  });

  it('refuses lapsed days below active days at construction', () => {
    expect(() => new SegmentsService(new SegmentsRepository(ds), { ...CONFIG, SEGMENT_LAPSED_DAYS: 60 })).toThrow(
      /lapsedDays/,
    );
  });
});
