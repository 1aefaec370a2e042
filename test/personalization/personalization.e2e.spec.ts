// Opting out of personalisation end to end: real app (keys mode), real PostgreSQL and Redis, the Online Retail
// slice. An opted-out customer gets the non-personalised list even when a personalised one is still cached,
// has no computed profile, is left out of experiments, and the switch is recorded with time and source.
import { jest } from '@jest/globals';
import { createClient } from 'redis';
import { createProgram, runCli } from '../../src/cli/program.js';
import { registerPersonalizationCommand } from '../../src/cli/commands/personalization.command.js';
import { SegmentsService } from '../../src/segments/segments.service.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const SF = 'personalization-e2e-storefront-01';
const ADMIN = 'personalization-e2e-admin-key-01';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asShop = { authorization: `Bearer ${SF}` };

const SET = `mutation S($userId: ID!, $on: Boolean!, $source: String) {
  setPersonalization(userId: $userId, personalized: $on, source: $source) { userId personalized changedAt source changed } }`;
const GET = `query G($userId: ID!) { personalization(userId: $userId) { userId personalized changedAt source } }`;
const RECS = `query R($userId: ID!, $personalized: Boolean) {
  recommendations(userId: $userId, limit: 10, personalized: $personalized) {
    cached coldStart personalized modelVersion experimentId items { item { id } source } } }`;
const CART = `query C($userId: ID!, $itemIds: [ID!]!) {
  complementaryItems(itemIds: $itemIds, userId: $userId, limit: 5) { personalized coldStart } }`;
const PROFILE = `query P($userId: ID!) { userProfile(userId: $userId) { userId segment personalized purchaseCount } }`;

type Recs = { cached: boolean; personalized: boolean; experimentId: string | null; items: { item: { id: string } }[] };
const ids = (list: Recs) => list.items.map((r) => r.item.id);

describe('opting out of personalisation (e2e)', () => {
  let db: TestDatabase;
  let api: E2eApp;
  let slice: RetailSlice;
  const prefix = testKeyPrefix('e2e-personalization');
  const redis = createClient({ url: REDIS_TEST_URL });
  const cacheKey = (user: string) => `${prefix}recs:${encodeURIComponent(user)}`;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_personalization');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '0',
      EXPOSURE_FLUSH_MS: '50',
    });
    await api.app.get(SegmentsService).recomputeAll();
    await redis.connect();
  });

  afterAll(async () => {
    await redis.quit();
    await api?.close();
    await db?.drop();
  });

  const recs = async (userId: string, personalized?: boolean): Promise<Recs> => {
    const res = await api.gql(RECS, { userId, personalized }, asShop);
    expect(res.errors).toBeUndefined();
    return res.data?.recommendations as Recs;
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  /** The list nobody's data shapes: what a non-personalised request returns for a user never seen. */
  const anonymousList = async () => ids(await recs('nobody-at-all', false));

  /** A customer with history whose personalised list differs from the non-personalised one. */
  async function customerWithOwnList(skip: readonly string[]): Promise<string> {
    const anonymous = await anonymousList();
    for (const user of slice.customers) {
      if (skip.includes(user)) continue;
      const own = await recs(user);
      if (own.personalized && ids(own).join() !== anonymous.join()) return user;
    }
    throw new Error('no customer in the slice has a list of their own');
  }

  const used: string[] = [];

  it('serves the non-personalised list after an opt-out, although a personalised one is still cached', async () => {
    const user = await customerWithOwnList(used);
    used.push(user);
    const personal = await recs(user);
    expect(personal).toMatchObject({ cached: true, personalized: true });
    expect(await redis.exists(cacheKey(user))).toBe(1);

    // The switch written by another instance whose cache drop did not reach Redis: the cached list is still there.
    await db.dataSource.query(
      `INSERT INTO personalization_preferences (user_id, personalized, source) VALUES ($1, false, 'test')`,
      [user],
    );
    expect(await redis.exists(cacheKey(user))).toBe(1);
    const refused = await recs(user);
    expect(refused).toMatchObject({ cached: false, personalized: false, modelVersion: null });
    expect(ids(refused)).toEqual(await anonymousList());
    expect(ids(refused)).not.toEqual(ids(personal));
  });

  it('records the switch with time, source and author, drops the cached lists and the profile', async () => {
    const user = await customerWithOwnList(used);
    used.push(user);
    expect((await recs(user)).cached).toBe(true);
    const profileBefore = (await api.gql(PROFILE, { userId: user }, asAdmin)).data?.userProfile;
    expect(profileBefore).toMatchObject({ personalized: true, segment: expect.any(String) });
    expect((await api.gql(GET, { userId: user }, asShop)).data?.personalization).toEqual({
      userId: user,
      personalized: true,
      changedAt: null,
      source: null,
    });

    const res = await api.gql(SET, { userId: user, on: false, source: 'storefront-settings' }, asShop);
    expect(res.errors).toBeUndefined();
    const set = res.data?.setPersonalization;
    expect(set).toMatchObject({ userId: user, personalized: false, source: 'storefront-settings', changed: true });
    const [stored] = await db.dataSource.query(
      `SELECT personalized, changed_at AS "changedAt", source FROM personalization_preferences WHERE user_id = $1`,
      [user],
    );
    expect(stored).toMatchObject({ personalized: false, source: 'storefront-settings' });
    expect(new Date(set.changedAt).getTime()).toBe(new Date(stored.changedAt).getTime());
    const log = await db.dataSource.query(
      `SELECT personalized, source, changed_by AS "changedBy" FROM personalization_preference_changes WHERE user_id = $1`,
      [user],
    );
    expect(log).toEqual([
      { personalized: false, source: 'storefront-settings', changedBy: expect.stringMatching(/^key-/) },
    ]);
    expect(await redis.exists(cacheKey(user))).toBe(0);

    // No profile: deleted at once, and the next full computation does not produce one.
    expect((await api.gql(PROFILE, { userId: user }, asAdmin)).data?.userProfile).toMatchObject({
      personalized: false,
      segment: null,
    });
    await api.app.get(SegmentsService).recomputeAll();
    expect(await count(`user_segments s JOIN users u ON u.id = s.user_id WHERE u.external_id = $1`, [user])).toBe(0);
    expect(await count(`user_segments`)).toBeGreaterThan(0);

    // The list is not cached either: every request is computed without the customer's data.
    expect(await recs(user)).toMatchObject({ personalized: false, cached: false });
    expect(await redis.exists(cacheKey(user))).toBe(0);

    // Setting it again changes nothing and records nothing.
    const again = (await api.gql(SET, { userId: user, on: false, source: 'support' }, asAdmin)).data
      ?.setPersonalization;
    expect(again).toMatchObject({ personalized: false, changed: false, source: 'storefront-settings' });
    expect(await count(`personalization_preference_changes WHERE user_id = $1`, [user])).toBe(1);

    // Opting back in restores the personalised list and the profile at the next computation.
    const back = (await api.gql(SET, { userId: user, on: true }, asShop)).data?.setPersonalization;
    expect(back).toMatchObject({ personalized: true, changed: true, source: 'api' });
    expect(await recs(user)).toMatchObject({ personalized: true, cached: false });
    await api.app.get(SegmentsService).recomputeAll();
    expect((await api.gql(PROFILE, { userId: user }, asAdmin)).data?.userProfile.segment).toEqual(expect.any(String));
    expect(await count(`personalization_preference_changes WHERE user_id = $1`, [user])).toBe(2);
  });

  it('a request can ask for a non-personalised list: nothing cached, same list as anyone', async () => {
    const user = slice.customers.find((c) => !used.includes(c))!;
    await redis.del(cacheKey(user));
    const list = await recs(user, false);
    expect(list).toMatchObject({ personalized: false, cached: false });
    expect(ids(list)).toEqual(await anonymousList());
    expect(await redis.exists(cacheKey(user))).toBe(0);
  });

  it('treats an opted-out shopper’s basket as anonymous', async () => {
    const user = used[0];
    const item = [...slice.items.keys()][0];
    const res = await api.gql(CART, { userId: user, itemIds: [item] }, asShop);
    expect(res.errors).toBeUndefined();
    expect(res.data?.complementaryItems).toMatchObject({ personalized: false, coldStart: true });
  });

  it('leaves opted-out customers out of a running experiment (no variant, no exposure)', async () => {
    const created = await api.gql(
      `mutation C($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
      {
        input: {
          name: 'opt-out check',
          placement: 'HOME',
          variants: [
            { name: 'control', trafficShare: 0.5, control: true },
            { name: 'trending-first', trafficShare: 0.5, weights: { trending: 1, popular: 0.1 } },
          ],
        },
      },
      asAdmin,
    );
    const id = created.data?.createExperiment.id;
    const started = await api.gql(`mutation S($id: ID!) { startExperiment(id: $id) { status } }`, { id }, asAdmin);
    expect(started.data?.startExperiment.status).toBe('RUNNING');
    const optedOut = used[0];
    const other = slice.customers.find((c) => !used.includes(c))!;
    expect((await recs(other)).experimentId).toBe(id);
    expect((await recs(optedOut)).experimentId).toBeNull();
    // Exposures are written in batches every EXPOSURE_FLUSH_MS.
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(`experiment_exposures WHERE user_id = $1`, [other])).toBeGreaterThan(0);
    expect(await count(`experiment_exposures WHERE user_id = $1`, [optedOut])).toBe(0);
    await api.gql(`mutation S($id: ID!) { stopExperiment(id: $id) { status } }`, { id }, asAdmin);
  });

  it('answers bad input with BAD_USER_INPUT and records nothing', async () => {
    const before = await count(`personalization_preference_changes`);
    for (const vars of [
      { userId: '  ', on: false },
      { userId: 'x'.repeat(257), on: false },
      { userId: 'u1', on: false, source: 'has spaces' },
      { userId: 'u1', on: false, source: '' },
    ]) {
      const res = await api.gql(SET, vars, asShop);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await count(`personalization_preference_changes`)).toBe(before);
    expect((await api.gql(SET, { userId: 'u1', on: false })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('forgetUser erases the switch and its log', async () => {
    const user = used[0];
    const res = await api.gql(
      `mutation F($userId: ID!) { forgetUser(userId: $userId) { erased { name rows } } }`,
      { userId: user },
      asAdmin,
    );
    expect(res.data?.forgetUser.erased).toContainEqual({ name: 'personalization-preferences', rows: 1 });
    expect(await count(`personalization_preferences WHERE user_id = $1`, [user])).toBe(0);
  });

  describe('tailor personalization', () => {
    const saved = { ...process.env };
    let out = '';
    let err = '';
    beforeEach(() => {
      out = '';
      err = '';
      jest.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => ((out += String(t)), true));
      jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => ((err += String(t)), true));
      Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix });
    });
    afterEach(() => {
      jest.restoreAllMocks();
      process.env = { ...saved };
    });
    const run = (...argv: string[]) =>
      runCli(
        argv,
        { stdout: (t) => (out += t), stderr: (t) => (err += t) },
        createProgram([registerPersonalizationCommand]),
      );

    it('shows, turns off (dropping the cached lists) and turns on the switch, with the source recorded', async () => {
      const user = slice.customers.find((c) => !used.includes(c))!;
      used.push(user);
      expect((await recs(user)).personalized).toBe(true);
      expect(await redis.exists(cacheKey(user))).toBe(1);

      expect(await run('personalization', user)).toBe(0);
      expect(out).toBe(`${user}: personalised (never changed)\n`);
      expect(await run('personalization', user, 'off', '--source', 'support-ticket')).toBe(0);
      expect(out).toMatch(
        new RegExp(`${user}: opted out of personalisation since \\d{4}-.*\\(source: support-ticket\\)\\n$`),
      );
      expect(await redis.exists(cacheKey(user))).toBe(0);
      expect(err).toBe('');
      expect((await recs(user)).personalized).toBe(false);
      const [log] = await db.dataSource.query(
        `SELECT source, changed_by AS "changedBy" FROM personalization_preference_changes WHERE user_id = $1`,
        [user],
      );
      expect(log).toEqual({ source: 'support-ticket', changedBy: 'cli' });

      expect(await run('personalization', user, 'on')).toBe(0);
      expect(out).toMatch(/personalised since .*\(source: cli\)\n$/);
      expect((await recs(user)).personalized).toBe(true);
    });

    it('rejects a bad state, id or source with exit code 2', async () => {
      expect(await run('personalization', 'u2', 'maybe')).toBe(2);
      expect(err).toMatch(/state must be "on" or "off"/);
      expect(await run('personalization', ' ', 'off')).toBe(2);
      expect(await run('personalization', 'u2', 'off', '--source', 'a b')).toBe(2);
      expect(await count(`personalization_preferences WHERE user_id = 'u2'`)).toBe(0);
    });
  });
});
