// Audiences and `tailor export` end to end: a real Online Retail slice in a real PostgreSQL, a small model trained
// by the real training job, real Redis; the audience through GraphQL (admin key), the export through the CLI.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExportCommand, writeExport } from '../../src/cli/commands/export.command.js';
import { createProgram, runCli } from '../../src/cli/program.js';
import { fileSink } from '../../src/exports/export-sink.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';
import { importAndTrainCollaborativeModel } from '../support/small-model.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

const ADMIN = 'audiences-e2e-admin-key-01';
const SHOP = 'audiences-e2e-storefront-01';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const AUDIENCE = `query A($input: AudienceInput!) {
  audience(input: $input) { modelVersion horizonDays customersScored
    members { userId score itemId reason } excluded { recentPurchase optedOut contactCap } } }`;
const OPT_OUT = `mutation S($userId: ID!) { setPersonalization(userId: $userId, personalized: false, source: "e2e") { changed } }`;
const DAY_MS = 86_400_000;

interface Audience {
  modelVersion: string;
  horizonDays: number;
  customersScored: number;
  members: { userId: string; score: number; itemId: string; reason: string }[];
  excluded: { recentPurchase: number; optedOut: number; contactCap: number };
}

describe('audiences and tailor export (e2e: trained model, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let outDir: string;
  let api: E2eApp;
  let env: Record<string, string>;
  let version: string;
  let topItem: string;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_audiences');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-audiences-models-'));
    outDir = mkdtempSync(join(tmpdir(), 'tailor-export-'));
    const trained = await importAndTrainCollaborativeModel(db.dataSource, modelsDir);
    version = trained.version;
    [{ id: topItem }] = await db.dataSource.query(
      `SELECT i.external_id AS id FROM events e JOIN items i ON i.id = e.item_id WHERE e.type = 'purchase'
        GROUP BY 1 ORDER BY count(DISTINCT e.user_id) DESC, 1 LIMIT 1`,
    );
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-audiences'),
      MODELS_DIR: modelsDir,
      DEMO_DATA: 'false',
      DEMO_TRAIN: 'false',
      LOG_LEVEL: 'error',
    };
    api = await startE2eApp({
      ...env,
      AUTH_MODE: 'keys',
      ADMIN_API_KEYS: ADMIN,
      STOREFRONT_API_KEYS: SHOP,
      RATE_LIMIT_PER_MINUTE: '0',
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  const audience = async (input: Record<string, unknown>): Promise<Audience> => {
    const res = await api.gql(AUDIENCE, { input }, asAdmin);
    expect(res.errors).toBeUndefined();
    return res.data!.audience as Audience;
  };

  /** Customers who bought the item after `sinceMs`. */
  const buyersSince = async (itemId: string, sinceMs: number): Promise<Set<string>> => {
    const rows: { id: string }[] = await db.dataSource.query(
      `SELECT DISTINCT u.external_id AS id FROM events e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
        WHERE e.type = 'purchase' AND i.external_id = $1 AND e.occurred_at > to_timestamp($2 / 1000.0)`,
      [itemId, sinceMs],
    );
    return new Set(rows.map((r) => r.id));
  };

  it('ranks customers for an item with the served model, leaving out recent buyers', async () => {
    const a = await audience({ itemIds: [topItem], size: 20 });
    expect(a).toMatchObject({ modelVersion: version, horizonDays: 30 });
    expect(a.members).toHaveLength(20);
    const scores = a.members.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(scores.every((s) => s > 0)).toBe(true);
    expect(new Set(a.members.map((m) => m.userId)).size).toBe(20);
    expect(
      a.members.every((m) => m.itemId === topItem && /#\d+; \d+\.\d orders expected in 30 days/.test(m.reason)),
    ).toBe(true);
    const [{ ms }] = await db.dataSource.query(`SELECT extract(epoch FROM max(occurred_at)) * 1000 AS ms FROM events`);
    const recent = await buyersSince(topItem, Number(ms) - 30 * DAY_MS);
    expect(recent.size).toBeGreaterThan(0);
    expect(a.excluded.recentPurchase).toBe(recent.size);
    expect(a.members.filter((m) => recent.has(m.userId))).toEqual([]);
    expect(a.customersScored).toBeGreaterThan(20);
  });

  it('leaves out a customer who refused personalisation', async () => {
    const before = await audience({ itemIds: [topItem], size: 10 });
    const first = before.members[0].userId;
    expect((await api.gql(OPT_OUT, { userId: first }, asAdmin)).errors).toBeUndefined();
    const after = await audience({ itemIds: [topItem], size: 10 });
    expect(after.members.map((m) => m.userId)).not.toContain(first);
    expect(after.excluded.optedOut).toBe(before.excluded.optedOut + 1);
    expect(after.members.map((m) => m.userId)).toEqual([
      ...before.members.slice(1).map((m) => m.userId),
      expect.any(String),
    ]);
  });

  it('leaves out a customer once the pitched item reached its contact cap on a placement', async () => {
    const before = await audience({ itemIds: [topItem], size: 10 });
    const pitched = before.members[0].userId;
    const setCap = `mutation { setContactCap(placement: HOME, maxImpressions: 1, windowHours: 24) { placement } }`;
    expect((await api.gql(setCap, undefined, asAdmin)).errors).toBeUndefined();
    try {
      // The storefront shows the customer a long list with the item once: the cap (1 per 24 h) is reached.
      const shown = await api.gql(
        `query($u: ID!) { recommendations(userId: $u, limit: 100, filter: { excludePurchased: false }) { items { item { id } } } }`,
        { u: pitched },
        { authorization: `Bearer ${SHOP}` },
      );
      expect(shown.errors).toBeUndefined();
      const ids = shown.data!.recommendations.items.map((i: { item: { id: string } }) => i.item.id);
      expect(ids).toContain(topItem);
      const after = await audience({ itemIds: [topItem], size: 10 });
      expect(after.members.map((m) => m.userId)).not.toContain(pitched);
      expect(after.excluded.contactCap).toBeGreaterThanOrEqual(1);
      expect(before.excluded.contactCap).toBe(0);
    } finally {
      await api.gql(`mutation { removeContactCap(placement: HOME) { placement } }`, undefined, asAdmin);
    }
  });

  it('builds an audience for a category', async () => {
    const items: { id: string }[] = await db.dataSource.query(
      `SELECT external_id AS id FROM items WHERE title ILIKE '%BAG%' ORDER BY external_id LIMIT 30`,
    );
    await db.dataSource.query(`UPDATE items SET categories = '{bags}' WHERE external_id = ANY($1::text[])`, [
      items.map((i) => i.id),
    ]);
    const a = await audience({ category: 'bags', size: 15, horizonDays: 60 });
    expect(a.members.length).toBe(15);
    expect(a.horizonDays).toBe(60);
    expect(a.members.every((m) => items.some((i) => i.id === m.itemId))).toBe(true);
  });

  it('answers bad input with BAD_USER_INPUT naming the field, and storefront keys with FORBIDDEN', async () => {
    const bad = async (input: Record<string, unknown>, message: RegExp) => {
      const res = await api.gql(AUDIENCE, { input }, asAdmin);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
      expect(JSON.stringify(res.errors)).not.toMatch(/at .*\.(ts|js):\d+/);
    };
    await bad({ itemIds: [topItem], category: 'bags' }, /exactly one of itemIds or category/);
    await bad({}, /exactly one of itemIds or category/);
    await bad({ itemIds: [topItem], size: 0 }, /size must be a whole number from 1 to 1000/);
    await bad({ itemIds: [topItem], size: 5000 }, /size must be/);
    await bad({ itemIds: [topItem], horizonDays: 400 }, /horizonDays must be a whole number from 1 to 365/);
    await bad({ itemIds: [] }, /itemIds must hold 1 to 100/);
    await bad({ itemIds: ['no-such-item'] }, /unknown item ids: no-such-item/);
    await bad({ category: 'no-such-category' }, /no item is in category "no-such-category"/);
    const shop = await api.gql(AUDIENCE, { input: { itemIds: [topItem] } }, { authorization: `Bearer ${SHOP}` });
    expect(shop.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  /** Runs `tailor export …` as the CLI does, with the test's environment. */
  async function tailorExport(args: string[]): Promise<{ code: number; stderr: string }> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let stderr = '';
    try {
      const code = await runCli(
        ['export', ...args],
        { stdout: () => undefined, stderr: (t) => (stderr += t) },
        createProgram([registerExportCommand]),
      );
      return { code, stderr };
    } finally {
      process.env = saved;
    }
  }

  it('exports HOME top-N of every customer who did not opt out, as CSV', async () => {
    const [{ optedOut }] = await db.dataSource.query(
      `SELECT user_id AS "optedOut" FROM personalization_preferences WHERE NOT personalized LIMIT 1`,
    );
    const [{ n }] = await db.dataSource.query(
      `SELECT count(DISTINCT user_id)::int AS n FROM events WHERE type = 'purchase'`,
    );
    const out = join(outDir, 'home.csv');
    expect(await tailorExport(['recommendations', '--top', '5', '--out', out])).toMatchObject({ code: 0 });
    expect(existsSync(`${out}.tmp`)).toBe(false);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('userId,rank,itemId,title,score,source,reason,modelVersion');
    const users = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(users.size).toBe(n - 1);
    expect(users.has(optedOut)).toBe(false);
    expect(lines.length - 1).toBe((n - 1) * 5);
    expect(lines[1]).toMatch(/^[^,]+,1,/);
  });

  it("exports lists under the API's filter: a category and a price range, bought items allowed", async () => {
    const out = join(outDir, 'bags.jsonl');
    const args = ['recommendations', '--category', 'bags', '--max-price', '3', '--include-purchased'];
    expect((await tailorExport([...args, '--top', '8', '--format', 'jsonl', '--out', out])).code).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { itemId: string });
    expect(rows.length).toBeGreaterThan(0);
    const items: { id: string; price: number; categories: string[] }[] = await db.dataSource.query(
      `SELECT external_id AS id, price::float AS price, categories FROM items WHERE external_id = ANY($1)`,
      [[...new Set(rows.map((r) => r.itemId))]],
    );
    expect(items.length).toBe(new Set(rows.map((r) => r.itemId)).size);
    for (const item of items) {
      expect(item.price).toBeLessThanOrEqual(3);
      expect(item.categories.map((c) => c.toLowerCase())).toContain('bags');
    }
    const bad = await tailorExport(['recommendations', '--min-price', '5', '--max-price', '1', '--out', out]);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/minPrice must not exceed/) });
    expect((await tailorExport(['recommendations', '--max-price', '-1'])).code).toBe(2);
    expect((await tailorExport(['profiles', '--max-price', '3'])).stderr).toMatch(
      /--max-price applies to `export recommendations` only/,
    );
  });

  it('exports profiles and an audience as JSON Lines', async () => {
    const profiles = join(outDir, 'profiles.jsonl');
    expect((await tailorExport(['profiles', '--format', 'jsonl', '--out', profiles])).code).toBe(0);
    const rows = readFileSync(profiles, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => r.segment !== null && r.frequency >= 1)).toBe(true);
    const [{ valued }] = await db.dataSource.query(`SELECT count(*)::int AS valued FROM customer_values`);
    expect(rows.filter((r) => r.expectedPurchases !== null).length).toBe(valued);

    const file = join(outDir, 'audience.jsonl');
    expect(
      (await tailorExport(['audience', '--item', topItem, '--size', '12', '--format', 'jsonl', '--out', file])).code,
    ).toBe(0);
    const members = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const viaApi = await audience({ itemIds: [topItem], size: 12 });
    expect(members.map((m) => m.userId)).toEqual(viaApi.members.map((m) => m.userId));
    expect(members[0]).toMatchObject({ rank: 1, itemId: topItem, modelVersion: version });
  });

  it('rejects bad export options with a usage error and leaves an existing file as it was', async () => {
    const file = join(outDir, 'keep.csv');
    writeFileSync(file, 'previous export\n');
    const unknownItem = await tailorExport(['audience', '--item', 'no-such-item', '--out', file]);
    expect(unknownItem).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown item ids: no-such-item/) });
    expect((await tailorExport(['recommendations', '--item', topItem])).stderr).toMatch(
      /--item applies to `export audience` only/,
    );
    expect((await tailorExport(['audience', '--out', file])).stderr).toMatch(/exactly one of --item or --category/);
    expect((await tailorExport(['profiles', '--format', 'xml'])).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('previous export\n');

    // A failure in the middle of the stream: the previous file stays, no temporary file is left.
    const failing = {
      columns: ['userId'],
      total: 3,
      async *records(onCustomer: () => void) {
        onCustomer();
        yield { userId: 'a' };
        throw new Error('database went away');
      },
    };
    await expect(writeExport(failing, 'csv', fileSink(file))).rejects.toThrow('database went away');
    expect(readFileSync(file, 'utf8')).toBe('previous export\n');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});
