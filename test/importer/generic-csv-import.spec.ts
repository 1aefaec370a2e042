import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { importGenericCsv } from '../../src/importer/index.js';

describe('importGenericCsv (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dir: string;
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const q = (sql: string) => db.dataSource.query(sql);

  beforeAll(async () => {
    db = await createTestDatabase('importer_generic_csv');
    dir = mkdtempSync(join(tmpdir(), 'tailor-csv-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports items and events together', async () => {
    const items = file('items.csv', [
      'item_id,title,description,category,price,available,brand',
      'mug-1,Red Mug,"A red mug, 300 ml",kitchen|mugs,4.50,true,Acme',
      'tee-2,Plain Tee,,clothing,12,no,',
    ]);
    const events = file('events.csv', [
      'user_id,item_id,event_type,timestamp,quantity,price,basket_id',
      'alice,mug-1,view,2024-01-01T10:00:00Z,,,',
      'alice,mug-1,purchase,1704110400,2,4.50,o-1',
      'bob,tee-2,click,2024-01-03 09:30:00+01:00,,,',
    ]);
    const s = await importGenericCsv(db.dataSource, { itemsFile: items, eventsFile: events });
    expect(s).toMatchObject({ rowsRead: 5, imported: 5, skipped: {}, items: 2, users: 2, placeholders: 0 });
    expect(
      await q(
        `SELECT external_id, title, description, categories, price::float8 AS price, available, attributes, is_placeholder FROM items ORDER BY 1`,
      ),
    ).toEqual([
      {
        external_id: 'mug-1',
        title: 'Red Mug',
        description: 'A red mug, 300 ml',
        categories: ['kitchen', 'mugs'],
        price: 4.5,
        available: true,
        attributes: { brand: 'Acme' },
        is_placeholder: false,
      },
      {
        external_id: 'tee-2',
        title: 'Plain Tee',
        description: null,
        categories: ['clothing'],
        price: 12,
        available: false,
        attributes: {},
        is_placeholder: false,
      },
    ]);
    expect(
      await q(
        `SELECT u.external_id AS user, e.type, e.quantity, e.basket_id, e.occurred_at FROM events e JOIN users u ON u.id = e.user_id ORDER BY e.occurred_at`,
      ),
    ).toEqual([
      { user: 'alice', type: 'view', quantity: 1, basket_id: null, occurred_at: new Date('2024-01-01T10:00:00Z') },
      { user: 'alice', type: 'purchase', quantity: 2, basket_id: 'o-1', occurred_at: new Date('2024-01-01T12:00:00Z') },
      { user: 'bob', type: 'click', quantity: 1, basket_id: null, occurred_at: new Date('2024-01-03T08:30:00Z') },
    ]);
    expect(await q(`SELECT first_seen_at, last_seen_at FROM users WHERE external_id = 'alice'`)).toEqual([
      { first_seen_at: new Date('2024-01-01T10:00:00Z'), last_seen_at: new Date('2024-01-01T12:00:00Z') },
    ]);

    // Importing the same events again adds nothing: the keys hash the parsed fields.
    const again = await importGenericCsv(db.dataSource, { eventsFile: events });
    expect(again).toMatchObject({ imported: 0, skipped: { already_imported: 3 } });
    expect(await q(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 3 }]);
  });

  it('creates placeholder items for events on unknown items, and an items file fills them in later', async () => {
    const events = file('events-only.csv', [
      'user_id,item_id,event_type,timestamp',
      'carol,new-9,add_to_cart,2024-02-01T00:00:00Z',
      'carol,new-9,add_to_cart,2024-02-01T00:00:00Z',
      'carol,mug-1,view,2024-02-02T00:00:00Z',
    ]);
    const s = await importGenericCsv(db.dataSource, { eventsFile: events });
    expect(s).toMatchObject({ rowsRead: 3, imported: 3, placeholders: 1, users: 1 });
    expect(await q(`SELECT title, is_placeholder FROM items WHERE external_id = 'new-9'`)).toEqual([
      { title: 'new-9', is_placeholder: true },
    ]);

    const items = file('items-update.csv', [
      'item_id,title,price,colour',
      'new-9,Blue Vase,20,blue',
      'mug-1,Red Mug XL,,red',
    ]);
    await importGenericCsv(db.dataSource, { itemsFile: items });
    expect(
      await q(
        `SELECT external_id, title, is_placeholder, price::float8 AS price, description, categories, attributes FROM items WHERE external_id IN ('new-9', 'mug-1') ORDER BY 1`,
      ),
    ).toEqual([
      // Fields the file does not give keep their values; attributes are merged.
      {
        external_id: 'mug-1',
        title: 'Red Mug XL',
        is_placeholder: false,
        price: 4.5,
        description: 'A red mug, 300 ml',
        categories: ['kitchen', 'mugs'],
        attributes: { brand: 'Acme', colour: 'red' },
      },
      {
        external_id: 'new-9',
        title: 'Blue Vase',
        is_placeholder: false,
        price: 20,
        description: null,
        categories: [],
        attributes: { colour: 'blue' },
      },
    ]);
  });

  it('counts bad rows as malformed with their line numbers and imports the rest', async () => {
    const events = file('events-bad.csv', [
      'user_id,item_id,event_type,timestamp,quantity',
      'dave,mug-1,like,2024-03-01T00:00:00Z,1',
      'dave,mug-1,view,last tuesday,1',
      'dave,mug-1,view,2024-03-01T00:00:00Z,-3',
      'dave,mug-1,view',
      'dave,mug-1,purchase,2024-03-02T00:00:00Z,1',
    ]);
    const s = await importGenericCsv(db.dataSource, { eventsFile: events });
    expect(s).toMatchObject({ rowsRead: 5, imported: 1, skipped: { malformed: 4 } });
    expect(s.malformedSamples?.map((m) => [m.line, m.message])).toEqual([
      [2, 'bad event_type "like" (use view|click|add_to_cart|purchase)'],
      [3, 'bad timestamp "last tuesday" (use ISO 8601 or unix seconds)'],
      [4, 'bad quantity "-3" (a whole number from 1 to 1000000)'],
      [5, 'expected 5 columns, got 3'],
    ]);
  });

  it('rejects a wrong header before writing anything', async () => {
    const items = file('items-ok.csv', ['item_id,title', 'zzz,Should not appear']);
    const events = file('not-events.csv', ['user,item,when', 'a,b,c']);
    await expect(importGenericCsv(db.dataSource, { itemsFile: items, eventsFile: events })).rejects.toThrow(
      'not-events.csv: not an events file: header lacks user_id, item_id, event_type, timestamp (got: user,item,when)',
    );
    expect(await q(`SELECT count(*)::int AS n FROM items WHERE external_id = 'zzz'`)).toEqual([{ n: 0 }]);
  });
});
