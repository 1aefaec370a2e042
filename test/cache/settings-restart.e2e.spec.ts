// A restart with another ranking setting must not serve lists cached under the old one: real PostgreSQL
// with a real Online Retail slice, a small model trained and activated by the real job, real Redis shared
// by three app instances started one after the other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startE2eApp } from '../e2e/support/e2e-app.js';
import { importAndTrainCollaborativeModel } from '../support/small-model.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

const RECS = `query R($u: ID!) { recommendations(userId: $u, limit: 10) { cached modelVersion items { item { id } } } }`;
const BYPASS = { 'x-tailor-cache': 'bypass' };

interface List {
  cached: boolean;
  modelVersion: string | null;
  items: { item: { id: string } }[];
}

describe('cached lists across a restart with changed ranking settings (PostgreSQL, Redis, trained model)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let version: string;
  let users: string[];
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('cache_settings_restart');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-settings-restart-'));
    const trained = await importAndTrainCollaborativeModel(db.dataSource, modelsDir);
    version = trained.version;
    // Customers with a history, so the model ranks (and diversity re-ranks) their lists.
    const rows: { u: string }[] = await db.dataSource.query(
      `SELECT u.external_id AS u FROM events e JOIN users u ON u.id = e.user_id WHERE e.type = 'purchase'
        GROUP BY u.external_id HAVING count(DISTINCT e.item_id) >= 10 ORDER BY u.external_id LIMIT 8`,
    );
    users = rows.map((r) => r.u);
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('settings-restart'),
      MODELS_DIR: modelsDir,
    };
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Starts an instance with `settings`, asks for every user's list (cached unless `bypass`), stops it. */
  async function listsWith(settings: Record<string, string>, bypass = false): Promise<Map<string, List>> {
    const app = await startE2eApp({ ...env, ...settings });
    try {
      const out = new Map<string, List>();
      for (const u of users) {
        const res = await app.gql<{ recommendations: List }>(RECS, { u }, bypass ? BYPASS : {});
        expect(res.errors).toBeUndefined();
        out.set(u, res.data!.recommendations);
      }
      return out;
    } finally {
      await app.close();
    }
  }
  const ids = (l: List) => l.items.map((r) => r.item.id);

  it('serves a list cached under the old DIVERSITY never again, and the new one from the cache after that', async () => {
    expect(users.length).toBeGreaterThanOrEqual(5);
    const before = { DIVERSITY: 'off' };
    const after = { DIVERSITY: 'mmr', DIVERSITY_MMR_LAMBDA: '0.3' };

    const first = await listsWith(before);
    for (const l of first.values()) expect(l).toMatchObject({ cached: false, modelVersion: version });
    // A restart with the same settings reads what the first instance cached.
    for (const l of (await listsWith(before)).values()) expect(l.cached).toBe(true);

    const changed = await listsWith(after);
    const fresh = await listsWith(after, true);
    for (const u of users) {
      expect(changed.get(u)!.cached).toBe(false);
      expect(ids(changed.get(u)!)).toEqual(ids(fresh.get(u)!));
    }
    // The setting does change lists here, so serving the old ones would have been wrong.
    expect(users.some((u) => ids(changed.get(u)!).join() !== ids(first.get(u)!).join())).toBe(true);

    for (const l of (await listsWith(after)).values()) expect(l.cached).toBe(true);
  });
});
