// forgetUser end to end: real app (keys mode), real PostgreSQL and Redis, a real Online Retail slice.
// After forgetting, nothing about the user is left in the database or the cache, the next training
// data no longer contains them, and the storefront treats them as a new (cold-start) user.
import { createClient } from 'redis';
import type { EntityManager } from 'typeorm';
import { SegmentsService } from '../../src/segments/segments.service.js';
import { UserDataErasers, type ErasureSubject } from '../../src/privacy/user-data-eraser.js';
import { PurchaseHistoryRepository } from '../../src/training-data/purchase-history.repository.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const SF = 'privacy-e2e-storefront-key-01';
const ADMIN = 'privacy-e2e-admin-key-0123456';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asStorefront = { authorization: `Bearer ${SF}` };

const FORGET = `mutation F($userId: ID!) { forgetUser(userId: $userId) {
  userId deleted events profiles cacheInvalidated erased { name rows } } }`;
const RECS = `query R($userId: ID!) { recommendations(userId: $userId, limit: 5) { cached coldStart items { item { id } } } }`;
const PROFILE = `query P($userId: ID!) { userProfile(userId: $userId) { userId purchaseCount } }`;

/** A feature's per-user table, erased through the registry like experiments would be. */
class NotesEraser {
  readonly erasureName = 'test-notes';
  async eraseUser(tx: EntityManager, subject: ErasureSubject): Promise<number> {
    if (subject.externalId === 'boom-user') throw new Error('eraser failure');
    const [row]: { n: number }[] = await tx.query(
      `WITH d AS (DELETE FROM test_user_notes WHERE user_external_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [subject.externalId],
    );
    return Number(row.n);
  }
}

describe('forgetUser (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;
  const prefix = testKeyPrefix('e2e-forget-user');
  const redis = createClient({ url: REDIS_TEST_URL });

  beforeAll(async () => {
    db = await createTestDatabase('e2e_forget_user');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    await db.dataSource.query(`CREATE TABLE test_user_notes (user_external_id text NOT NULL, note text)`);
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    api.app.get(UserDataErasers).register(new NotesEraser());
    await api.app.get(SegmentsService).recomputeAll();
    await redis.connect();
  });

  afterAll(async () => {
    await redis.quit();
    await api?.close();
    await db?.drop();
  });

  const forget = (userId: string, headers = asAdmin) => api.gql(FORGET, { userId }, headers);
  const count = async (sql: string, params: unknown[]) =>
    Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);
  const eventsOf = (user: string) =>
    count(`events e JOIN users u ON u.id = e.user_id WHERE u.external_id = $1`, [user]);
  const cacheKey = (user: string) => `${prefix}recs:${encodeURIComponent(user)}`;

  it('deletes events, profile, cached lists and registered feature data; the user becomes cold-start', async () => {
    const user = slice.customers[0];
    const lines = slice.purchases.filter((p) => p.customerId === user).length;
    await db.dataSource.query(`INSERT INTO test_user_notes VALUES ($1, 'a'), ($1, 'b'), ('someone-else', 'c')`, [user]);
    // Warm the cache: the second call is served from Redis.
    expect((await api.gql(RECS, { userId: user }, asStorefront)).data?.recommendations.coldStart).toBe(false);
    expect((await api.gql(RECS, { userId: user }, asStorefront)).data?.recommendations.cached).toBe(true);
    expect(await redis.exists(cacheKey(user))).toBe(1);
    expect((await api.gql(PROFILE, { userId: user }, asAdmin)).data?.userProfile.purchaseCount).toBe(lines);
    const othersBefore = await count(`events`, []);

    const res = await forget(user);
    expect(res.errors).toBeUndefined();
    expect(res.data?.forgetUser).toEqual({
      userId: user,
      deleted: true,
      events: lines,
      profiles: 1,
      cacheInvalidated: true,
      erased: expect.arrayContaining([
        { name: 'experiment-exposures', rows: 0 },
        { name: 'test-notes', rows: 2 },
      ]),
    });

    expect(await eventsOf(user)).toBe(0);
    expect(await count(`events`, [])).toBe(othersBefore - lines);
    expect(await count(`users WHERE external_id = $1`, [user])).toBe(0);
    expect(await count(`user_segments s LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL`, [])).toBe(0);
    expect(await count(`test_user_notes WHERE user_external_id = $1`, [user])).toBe(0);
    expect(await count(`test_user_notes`, [])).toBe(1);
    expect(await redis.exists(cacheKey(user))).toBe(0);
    expect((await api.gql(PROFILE, { userId: user }, asAdmin)).data?.userProfile).toBeNull();

    const after = await api.gql(RECS, { userId: user }, asStorefront);
    expect(after.data?.recommendations).toMatchObject({ cached: false, coldStart: true });

    // The next training reads only stored events: the forgotten user is not in its data.
    const purchases = await new PurchaseHistoryRepository(db.dataSource).purchases();
    expect(purchases.length).toBe(othersBefore - lines);
    expect(purchases.some((p) => p.userId === user)).toBe(false);
    expect(new Set(purchases.map((p) => p.userId)).size).toBe(slice.customers.length - 1);
  });

  it('is idempotent: forgetting again, or an unknown user, reports deleted: false', async () => {
    for (const user of [slice.customers[0], 'never-seen-user']) {
      const res = await forget(user);
      expect(res.errors).toBeUndefined();
      expect(res.data?.forgetUser).toMatchObject({ userId: user, deleted: false, events: 0, profiles: 0 });
    }
  });

  it('counts as deleted when only a feature held data about a user without events', async () => {
    await db.dataSource.query(`INSERT INTO test_user_notes VALUES ('notes-only-user', 'x')`);
    const res = await forget('notes-only-user');
    expect(res.data?.forgetUser).toMatchObject({ deleted: true, events: 0 });
    expect(await count(`test_user_notes WHERE user_external_id = 'notes-only-user'`, [])).toBe(0);
  });

  it('is admin-only: a storefront key gets FORBIDDEN and nothing is deleted', async () => {
    const user = slice.customers[1];
    const before = await eventsOf(user);
    const res = await forget(user, asStorefront);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await eventsOf(user)).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it('rejects a blank or over-long id with BAD_USER_INPUT', async () => {
    for (const id of ['   ', 'x'.repeat(257)]) {
      const res = await forget(id);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('rolls everything back when an eraser fails: nothing is half-forgotten', async () => {
    const user = 'boom-user';
    const item = [...slice.items.keys()][0];
    const rec = await api.gql(
      `mutation { recordEvent(input: { eventId: "boom-1", userId: "${user}", itemId: "${item}", type: PURCHASE, occurredAt: "2011-12-09T10:00:00Z" }) }`,
      undefined,
      asStorefront,
    );
    expect(rec.data?.recordEvent).toBe(true);
    const res = await forget(user);
    expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await eventsOf(user)).toBe(1);
    expect(await count(`users WHERE external_id = $1`, [user])).toBe(1);
  });
});
