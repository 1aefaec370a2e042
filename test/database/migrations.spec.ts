import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { openDataSource } from '../../src/database/data-source.factory.js';

describe('migrations (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });
  afterAll(async () => db.drop());

  it('creates the schema, and running again is a no-op', async () => {
    const tables = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(
      expect.arrayContaining(['events', 'items', 'model_versions', 'setting_history', 'settings', 'users']),
    );
    const again = await openDataSource({ url: db.url, dataDir: 'memory://' });
    expect(await again.showMigrations()).toBe(false);
    await again.destroy();
  });

  it('lets forgetUser find a user’s experiment exposures by index', async () => {
    // One connection (a transaction), so the planner setting applies to the EXPLAIN.
    const plan: { 'QUERY PLAN': string }[] = await db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL enable_seqscan = off`);
      return m.query(`EXPLAIN DELETE FROM experiment_exposures WHERE user_id = 'u'`);
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/experiment_exposures_user_idx/);
  });

  it('enforces event idempotency keys and one active model version', async () => {
    await db.dataSource.query(
      `INSERT INTO users (external_id, first_seen_at, last_seen_at) VALUES ('u', now(), now())`,
    );
    await db.dataSource.query(`INSERT INTO items (external_id, title) VALUES ('i', 'I')`);
    const insert = `INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
      SELECT 'k1', u.id, i.id, 'purchase', now() FROM users u, items i ON CONFLICT (event_key) DO NOTHING`;
    await db.dataSource.query(insert);
    await db.dataSource.query(insert);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 1 }]);
    await expect(
      db.dataSource.query(`INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
        SELECT 'k2', u.id, i.id, 'teleport', now() FROM users u, items i`),
    ).rejects.toThrow(/check constraint/);
    await db.dataSource.query(
      `INSERT INTO model_versions (id, status, artifact_path, manifest) VALUES ('a', 'active', 'x', '{}')`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO model_versions (id, status, artifact_path, manifest) VALUES ('b', 'active', 'y', '{}')`,
      ),
    ).rejects.toThrow(/duplicate key/);
  });
});
