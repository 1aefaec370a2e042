import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainJobResult } from '../../training/train-job.js';
import { importAndTrainSmallModel } from '../support/small-model.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

const ADMIN = 'admin-key-for-what-if-0123456789';
const STOREFRONT = 'storefront-key-what-if-0123456789';
const EVALUATE = `query($placement: Placement!, $weights: [PlacementSourceWeightInput!]!) {
  evaluateWeights(placement: $placement, weights: $weights) {
    placement modelVersion users seconds
    proposed { ndcgAt10 recallAt10 ndcgAt10New coverageAt10 repeatShare }
    current { ndcgAt10 recallAt10 ndcgAt10New coverageAt10 repeatShare }
    proposedWeights { source weight } currentWeights { source weight }
  }
}`;

const EVALUATE_SEGMENT = `query($placement: Placement!, $weights: [PlacementSourceWeightInput!]!, $segment: String) {
  evaluateWeights(placement: $placement, weights: $weights, segment: $segment) {
    segment users current { ndcgAt10 } proposed { ndcgAt10 }
  }
}`;

describe('admin model operations: what-if and the registry (real PostgreSQL, Redis, trained model)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let trained: TrainJobResult;
  let e2e: E2eApp;
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    db = await createTestDatabase('what_if');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-whatif-'));
    trained = await importAndTrainSmallModel(db.dataSource, modelsDir);
    e2e = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('what_if'),
      MODELS_DIR: modelsDir,
      AUTH_MODE: undefined,
      ADMIN_API_KEYS: ADMIN,
      STOREFRONT_API_KEYS: STOREFRONT,
      RATE_LIMIT_PER_MINUTE: '0',
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await db.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('replays the held-out evaluation: the current weights reproduce the stored served metrics', async () => {
    const current = trained.manifest.blend.map((b) => ({ source: b.name, weight: b.weight }));
    const r = await e2e.gql(EVALUATE, { placement: 'HOME', weights: current }, admin);
    expect(r.errors).toBeUndefined();
    const ev = r.data!.evaluateWeights;
    expect(ev.modelVersion).toBe(trained.version);
    expect(ev.proposed).toEqual(ev.current);
    expect(ev.currentWeights).toEqual(current);
    const served = trained.manifest.evaluation.find((row) => row.kind === 'served')!;
    // same users (the slice has fewer than the 1,000-user sample), same protocol → same NDCG@10
    expect(ev.users).toBe(served.settings.all.users);
    expect(ev.current.ndcgAt10).toBeCloseTo(served.settings.all.metrics['ndcg@10'], 5);
  });

  it('answers differently for different weights: repeat-only ranks bought items, popularity-only does not personalise', async () => {
    const repeatOnly = await e2e.gql(
      EVALUATE,
      { placement: 'HOME', weights: [{ source: 'repeat', weight: 1 }] },
      admin,
    );
    const popOnly = await e2e.gql(
      EVALUATE,
      { placement: 'HOME', weights: [{ source: 'popularity', weight: 1 }] },
      admin,
    );
    const buyAgain = await e2e.gql(
      EVALUATE,
      { placement: 'BUY_AGAIN', weights: [{ source: 'repeat', weight: 1 }] },
      admin,
    );
    expect(buyAgain.data!.evaluateWeights.proposed).toEqual(repeatOnly.data!.evaluateWeights.proposed);
    const r = repeatOnly.data!.evaluateWeights.proposed;
    const p = popOnly.data!.evaluateWeights.proposed;
    expect(r.repeatShare).toBeGreaterThan(p.repeatShare);
    expect(r.ndcgAt10).toBeGreaterThan(p.ndcgAt10);
    expect(p.coverageAt10).toBeLessThan(r.coverageAt10);
  });

  it('replays one segment alone: the RFM segments split the held-out customers exactly', async () => {
    const { SegmentsService } = await import('../../src/segments/segments.service.js');
    const segments = e2e.app.get(SegmentsService);
    await segments.recomputeAll();
    const current = trained.manifest.blend.map((b) => ({ source: b.name, weight: b.weight }));
    const all = (await e2e.gql(EVALUATE, { placement: 'HOME', weights: current }, admin)).data!.evaluateWeights;
    const sizes = await segments.sizes();
    let users = 0;
    const ndcgs: number[] = [];
    for (const { segment } of sizes.segments) {
      const r = await e2e.gql(EVALUATE_SEGMENT, { placement: 'HOME', weights: current, segment }, admin);
      if (r.errors) {
        // A segment none of whose customers is held out says so.
        expect(r.errors[0]!.extensions!.code).toBe('NOT_FOUND');
        continue;
      }
      expect(r.data!.evaluateWeights.segment).toBe(segment);
      users += r.data!.evaluateWeights.users;
      ndcgs.push(r.data!.evaluateWeights.current.ndcgAt10);
    }
    expect(users).toBe(all.users);
    expect(ndcgs.length).toBeGreaterThan(1);
    expect(ndcgs.some((n) => Math.abs(n - all.current.ndcgAt10) > 1e-9)).toBe(true);
    const unknown = await e2e.gql(EVALUATE_SEGMENT, { placement: 'HOME', weights: current, segment: 'vip' }, admin);
    expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rejects bad weights and placements with BAD_USER_INPUT, and storefront keys with FORBIDDEN', async () => {
    const bad = async (placement: string, weights: unknown, headers = admin) =>
      (await e2e.gql(EVALUATE, { placement, weights }, headers)).errors?.[0];
    expect(await bad('HOME', [{ source: 'repeat', weight: -1 }])).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/between 0 and 1000/),
    });
    expect(await bad('HOME', [{ source: 'magic', weight: 1 }])).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await bad('HOME', [{ source: 'repeat', weight: 0 }])).toMatchObject({
      message: expect.stringMatching(/above 0/),
    });
    expect(await bad('HOME', [{ source: 'trending', weight: 1 }])).toMatchObject({
      message: expect.stringMatching(/trending cannot be replayed offline/),
    });
    expect(
      await bad('HOME', [
        { source: 'repeat', weight: 1 },
        { source: 'repeat', weight: 2 },
      ]),
    ).toMatchObject({
      message: expect.stringMatching(/given twice/),
    });
    expect(await bad('CART', [{ source: 'repeat', weight: 1 }])).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(
      await bad('HOME', [{ source: 'repeat', weight: 1 }], { authorization: `Bearer ${STOREFRONT}` }),
    ).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('modelVersions lists the registry with evaluation rows and a report link; activateModelVersion validates', async () => {
    const r = await e2e.gql(
      `{ modelVersions(limit: 5) { id status primaryMetricName primaryMetric reportUrl evaluation activatedAt } }`,
      undefined,
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.modelVersions).toEqual([
      expect.objectContaining({
        id: trained.version,
        status: 'active',
        primaryMetricName: 'ndcg@10:all',
        primaryMetric: trained.manifest.primaryMetric.value,
        reportUrl: `/admin/reports/${trained.version}`,
        evaluation: trained.manifest.evaluation,
      }),
    ]);
    const activate = `mutation($id: String!) { activateModelVersion(id: $id) { id status } }`;
    expect((await e2e.gql(activate, { id: trained.version }, admin)).data!.activateModelVersion).toEqual({
      id: trained.version,
      status: 'active',
    });
    expect((await e2e.gql(activate, { id: 'v-missing' }, admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await e2e.gql(`{ modelVersions(limit: 0) { id } }`, undefined, admin)).errors?.[0].extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await e2e.gql(`{ modelVersions { id } }`, undefined, { authorization: `Bearer ${STOREFRONT}` })).errors?.[0]
        .extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it("takes the weights in force as current: the placement's, or a segment's own", async () => {
    const proposed = trained.manifest.blend.map((b) => ({ source: b.name, weight: b.weight }));
    const weightOf = (ev: { currentWeights: { source: string; weight: number }[] }, source: string) =>
      ev.currentWeights.find((w) => w.source === source)?.weight ?? 0;
    const set = `mutation($w: [PlacementSourceWeightInput!]!, $s: String) {
      setPlacementWeights(placement: HOME, weights: $w, segment: $s) { version } }`;
    const reset = `mutation($s: String) { resetPlacementWeights(placement: HOME, segment: $s) { version } }`;
    const evaluate = async (segment: string | null) => {
      const r = await e2e.gql(
        `query($w: [PlacementSourceWeightInput!]!, $s: String) {
          evaluateWeights(placement: HOME, weights: $w, segment: $s) { currentWeights { source weight } current { ndcgAt10 } proposed { ndcgAt10 } } }`,
        { w: proposed, s: segment },
        admin,
      );
      expect(r.errors).toBeUndefined();
      return r.data!.evaluateWeights;
    };
    // A segment with held-out customers (dormant ones have no next order to replay).
    const sizes = (await e2e.gql(`{ segmentSizes { segments { segment users } } }`, undefined, admin)).data!
      .segmentSizes.segments as { segment: string; users: number }[];
    let segment: string | undefined;
    for (const s of sizes.filter((x) => x.users > 0)) {
      const r = await e2e.gql(EVALUATE_SEGMENT, { placement: 'HOME', weights: proposed, segment: s.segment }, admin);
      if (!r.errors && r.data!.evaluateWeights.users > 0) segment ??= s.segment;
    }
    if (!segment) throw new Error(`no segment has held-out customers: ${JSON.stringify(sizes)}`);
    try {
      expect((await e2e.gql(set, { w: [{ source: 'popularity', weight: 1 }], s: null }, admin)).errors).toBeUndefined();
      expect((await e2e.gql(set, { w: [{ source: 'repeat', weight: 3 }], s: segment }, admin)).errors).toBeUndefined();
      const placement = await evaluate(null);
      expect(weightOf(placement, 'popularity')).toBe(1);
      expect(placement.currentWeights.filter((w: { weight: number }) => w.weight > 0)).toHaveLength(1);
      const own = await evaluate(segment);
      expect(weightOf(own, 'repeat')).toBe(3);
      expect(own.currentWeights.filter((w: { weight: number }) => w.weight > 0)).toHaveLength(1);
    } finally {
      await e2e.gql(reset, { s: segment }, admin);
      await e2e.gql(reset, { s: null }, admin);
    }
    // Back to the model's fitted blend: current and proposed are the same weights again.
    const fitted = await evaluate(null);
    expect(fitted.current).toEqual(fitted.proposed);
  });

  it('weights changes are versioned with author, time and comment, and roll back to any earlier version', async () => {
    const set = `mutation($w: [PlacementSourceWeightInput!]!, $c: String) { setPlacementWeights(placement: HOME, weights: $w, comment: $c) { version } }`;
    const v1 = (await e2e.gql(set, { w: [{ source: 'repeat', weight: 2 }], c: 'more buy-again' }, admin)).data!
      .setPlacementWeights.version;
    const v2 = (await e2e.gql(set, { w: [{ source: 'popularity', weight: 1 }], c: 'exploration' }, admin)).data!
      .setPlacementWeights.version;
    expect(v2).toBe(v1 + 1);
    const history = `{ placementWeightsHistory(placement: HOME, limit: 10) { version updatedBy updatedAt comment weights { source weight } } }`;
    const hr = await e2e.gql(history, undefined, admin);
    expect(hr.errors).toBeUndefined();
    const h = hr.data!.placementWeightsHistory;
    expect(h.slice(0, 2)).toEqual([
      expect.objectContaining({ version: v2, comment: 'exploration', weights: [{ source: 'popularity', weight: 1 }] }),
      expect.objectContaining({ version: v1, comment: 'more buy-again', weights: [{ source: 'repeat', weight: 2 }] }),
    ]);
    expect(h[0].updatedBy).toMatch(/^key-/);
    expect(Date.parse(h[0].updatedAt)).toBeGreaterThanOrEqual(Date.parse(h[1].updatedAt));

    const rollback = `mutation($v: Int!) { rollbackPlacementWeights(placement: HOME, version: $v) { version origin weights { source weight } } }`;
    const rolled = (await e2e.gql(rollback, { v: v1 }, admin)).data!.rollbackPlacementWeights;
    expect(rolled).toEqual({ version: v2 + 1, origin: 'operator', weights: [{ source: 'repeat', weight: 2 }] });
    const after = (await e2e.gql(history, undefined, admin)).data!.placementWeightsHistory;
    expect(after[0]).toMatchObject({ version: v2 + 1, comment: `rollback to version ${v1}` });
    expect((await e2e.gql(rollback, { v: 999 }, admin)).errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/no weights version 999/),
    });
    expect(
      (await e2e.gql(history, undefined, { authorization: `Bearer ${STOREFRONT}` })).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    await e2e.gql(`mutation { resetPlacementWeights(placement: HOME) { version } }`, undefined, admin);
  });

  it('an admin previews a user list with other weights (uncached); storefront keys cannot', async () => {
    const q = `query($u: ID!, $w: [PlacementSourceWeightInput!]) {
      recommendations(userId: $u, limit: 10, placement: HOME, weights: $w) { cached items { source item { id } } }
    }`;
    const ids = await db.dataSource.query(
      `SELECT u.external_id AS id FROM users u JOIN events e ON e.user_id = u.id GROUP BY u.external_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const user = ids[0].id as string;
    const popular = await e2e.gql(q, { u: user, w: [{ source: 'popularity', weight: 1 }] }, admin);
    expect(popular.errors).toBeUndefined();
    const collaborative = await e2e.gql(q, { u: user, w: [{ source: 'collaborative', weight: 1 }] }, admin);
    const list = (r: typeof popular) => r.data!.recommendations.items.map((i: { item: { id: string } }) => i.item.id);
    expect(popular.data!.recommendations.cached).toBe(false);
    expect(list(popular)).toHaveLength(10);
    expect(list(collaborative)).not.toEqual(list(popular));
    const again = await e2e.gql(q, { u: user, w: [{ source: 'popularity', weight: 1 }] }, admin);
    expect(again.data!.recommendations.cached).toBe(false);
    expect(
      (await e2e.gql(q, { u: user, w: [{ source: 'magic', weight: 1 }] }, admin)).errors?.[0].extensions?.code,
    ).toBe('BAD_USER_INPUT');
    const storefront = { authorization: `Bearer ${STOREFRONT}` };
    expect(
      (await e2e.gql(q, { u: user, w: [{ source: 'popularity', weight: 1 }] }, storefront)).errors?.[0].extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await e2e.gql(q, { u: user }, storefront)).errors).toBeUndefined();
  });
});
