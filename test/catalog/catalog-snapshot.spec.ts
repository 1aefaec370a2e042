// The in-memory catalog on a real PostgreSQL: a refresh that finds nothing new keeps the snapshot (its array and
// item objects), so what is keyed on them (decoded cached lists, model index tables) survives; a change of any
// field of any item gives a new snapshot, in which the unchanged items keep their objects.
import { CatalogRepository } from '../../src/catalog/catalog.repository.js';
import { CatalogSnapshotService } from '../../src/catalog/catalog-snapshot.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

describe('CatalogSnapshotService refresh (real PostgreSQL)', () => {
  let db: TestDatabase;
  let snapshot: CatalogSnapshotService;

  beforeAll(async () => {
    db = await createTestDatabase('catalog_snapshot');
    await db.dataSource.query(
      `INSERT INTO items (external_id, title, price, categories, attributes)
       VALUES ('a', 'A', 1.5, '{kitchen}', '{"colour": "red"}'), ('b', 'B', null, '{}', '{}')`,
    );
    const config = { SNAPSHOT_REFRESH_SECONDS: 86_400 } as AppConfig;
    snapshot = new CatalogSnapshotService(new CatalogRepository(db.dataSource), config);
    await snapshot.onModuleInit();
  });

  afterAll(async () => {
    snapshot?.onApplicationShutdown();
    await db?.drop();
  });

  it('keeps its array and items when nothing changed, and replaces only what did', async () => {
    const first = snapshot.all();
    expect(first.map((i) => i.id)).toEqual(['a', 'b']);
    await snapshot.refresh();
    expect(snapshot.all()).toBe(first);

    for (const change of [
      `UPDATE items SET attributes = '{"colour": "blue"}' WHERE external_id = 'a'`,
      `UPDATE items SET categories = '{kitchen,garden}' WHERE external_id = 'a'`,
      `UPDATE items SET price = 2 WHERE external_id = 'a'`,
      `UPDATE items SET available = false WHERE external_id = 'a'`,
    ]) {
      const before = snapshot.all();
      const untouched = snapshot.byExternalId('b');
      await db.dataSource.query(change);
      await snapshot.refresh();
      expect(snapshot.all()).not.toBe(before);
      expect(snapshot.byExternalId('a')).not.toBe(before[0]);
      expect(snapshot.byExternalId('b')).toBe(untouched);
    }
    expect(snapshot.byExternalId('a')).toMatchObject({ price: 2, available: false, categories: ['kitchen', 'garden'] });

    const beforeInsert = snapshot.all();
    await db.dataSource.query(`INSERT INTO items (external_id, title) VALUES ('c', 'C')`);
    await snapshot.refresh();
    expect(snapshot.all()).not.toBe(beforeInsert);
    expect(snapshot.all().map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
});
