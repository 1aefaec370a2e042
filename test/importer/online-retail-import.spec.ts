import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { ImportFileError, importOnlineRetail } from '../../src/importer/index.js';

// A real slice of the UCI Online Retail file (see test/fixtures/README.md); the expected numbers
// were counted independently from the fixture.
const SLICE = join(import.meta.dirname, '../fixtures/online-retail-slice.csv.gz');
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('importOnlineRetail (real PostgreSQL, real data slice)', () => {
  let db: TestDatabase;
  let dir: string;
  const count = async (sql: string) => ((await db.dataSource.query(sql)) as { n: number }[])[0].n;

  beforeAll(async () => {
    db = await createTestDatabase('importer_online_retail');
    dir = mkdtempSync(join(tmpdir(), 'tailor-or-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports purchases, skips and counts the rest by reason', async () => {
    const progress: number[] = [];
    const s = await importOnlineRetail(db.dataSource, SLICE, { onProgress: (p) => progress.push(p.rowsRead) });
    expect(s).toMatchObject({
      rowsRead: 3008,
      imported: 1888,
      skipped: { missing_customer: 1082, cancellation: 27, non_product_code: 9, non_positive_quantity: 2 },
      items: 919,
      users: 92,
      malformedSamples: [],
    });
    expect(progress.at(-1)).toBe(3008);

    expect(await count(`SELECT count(*)::int AS n FROM events WHERE type = 'purchase'`)).toBe(1888);
    expect(await count(`SELECT count(*)::int AS n FROM users`)).toBe(92);
    expect(await count(`SELECT count(*)::int AS n FROM items WHERE NOT is_placeholder`)).toBe(919);
    // Non-products never become items.
    expect(
      await count(`SELECT count(*)::int AS n FROM items WHERE external_id IN ('POST', 'M', 'DOT', 'BANK CHARGES')`),
    ).toBe(0);
  });

  it('stores invoices as baskets, stable event keys, and user first/last seen', async () => {
    const lines = await db.dataSource.query(
      `SELECT e.event_key, e.basket_id, e.quantity, e.price::float8 AS price, e.occurred_at, u.external_id AS user
       FROM events e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
       WHERE i.external_id = '85123A' ORDER BY e.occurred_at LIMIT 1`,
    );
    expect(lines).toEqual([
      {
        event_key: 'or:536365:85123A:1',
        basket_id: '536365',
        quantity: 6,
        price: 2.55,
        occurred_at: new Date('2010-12-01T08:26:00Z'),
        user: '17850',
      },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE basket_id = '536365'`)).toBe(7);
    // The same invoice line twice stays two events.
    expect(
      (
        await db.dataSource.query(`SELECT event_key FROM events WHERE event_key LIKE 'or:536409:22111:%' ORDER BY 1`)
      ).map((r: { event_key: string }) => r.event_key),
    ).toEqual(['or:536409:22111:1', 'or:536409:22111:2']);
    const [u] = await db.dataSource.query(`SELECT first_seen_at, last_seen_at FROM users WHERE external_id = '17850'`);
    expect(u).toEqual({
      first_seen_at: new Date('2010-12-01T08:26:00Z'),
      last_seen_at: new Date('2010-12-01T11:34:00Z'),
    });
  });

  it('titles items from the description and keeps the latest price', async () => {
    const [item] = await db.dataSource.query(
      `SELECT title, price::float8 AS price FROM items WHERE external_id = '85123A'`,
    );
    // 2.55 and 2.95 on 2010-12-01, 3.24 on 2011-01-11 (the appended row).
    expect(item).toEqual({ title: 'WHITE HANGING HEART T-LIGHT HOLDER', price: 3.24 });
  });

  it('restores the foreign keys and indexes the bulk load set aside', async () => {
    expect(
      await count(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'f'`),
    ).toBe(2);
    // Exactly the indexes the migrations create, compared with a freshly migrated database.
    const definitions = async (d: TestDatabase) =>
      (
        (await d.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname`)) as {
          indexdef: string;
        }[]
      ).map((r) => r.indexdef);
    const fresh = await createTestDatabase('importer_online_retail_fresh');
    try {
      const expected = await definitions(fresh);
      expect(expected.length).toBeGreaterThanOrEqual(7);
      expect(await definitions(db)).toEqual(expected);
    } finally {
      await fresh.drop();
    }
  });

  it('is idempotent and keeps fields an import does not own', async () => {
    await db.dataSource.query(
      `UPDATE items SET description = 'hand-written', categories = '{lights}', attributes = '{"colour":"white"}', title = 'renamed'
       WHERE external_id = '85123A'`,
    );
    const s = await importOnlineRetail(db.dataSource, SLICE, { batchSize: 500 });
    expect(s.imported).toBe(0);
    expect(s.skipped.already_imported).toBe(1888);
    expect(await count(`SELECT count(*)::int AS n FROM events`)).toBe(1888);
    expect(await count(`SELECT count(*)::int AS n FROM users`)).toBe(92);
    const [item] = await db.dataSource.query(
      `SELECT title, description, categories, attributes, price::float8 AS price FROM items WHERE external_id = '85123A'`,
    );
    expect(item).toEqual({
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      description: 'hand-written',
      categories: ['lights'],
      attributes: { colour: 'white' },
      price: 3.24,
    });
  });

  it('adds only the new lines of a later file, and widens user windows', async () => {
    const file = join(dir, 'later.csv');
    writeFileSync(
      file,
      [
        HEADER,
        '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
        '581587,22613,PACK OF 20 SPACEBOY NAPKINS,12,2011-12-09 12:50:00,0.85,17850.0,France',
      ].join('\n'),
    );
    const s = await importOnlineRetail(db.dataSource, file);
    expect(s).toMatchObject({ rowsRead: 2, imported: 1, skipped: { already_imported: 1 } });
    const [u] = await db.dataSource.query(`SELECT first_seen_at, last_seen_at FROM users WHERE external_id = '17850'`);
    expect(u).toEqual({
      first_seen_at: new Date('2010-12-01T08:26:00Z'),
      last_seen_at: new Date('2011-12-09T12:50:00Z'),
    });
  });

  it('counts malformed rows with their line numbers and goes on', async () => {
    const file = join(dir, 'bad-rows.csv');
    writeFileSync(
      file,
      [
        HEADER,
        '900001,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,2011-06-01 08:26:00,4.25,17850.0,United Kingdom',
        '900001,22752,SET 7 BABUSHKA NESTING BOXES,six,2011-06-01 08:26:00,7.65,17850.0,United Kingdom',
        '900001,22752,SET 7 BABUSHKA NESTING BOXES,2,2011-06-01 08:26:00',
        '900001,71053,WHITE METAL LANTERN,1,2011-02-30 08:26:00,3.39,17850.0,United Kingdom',
        '900001,84406B,"CREAM CUPID HEARTS COAT HANGER,8,2011-06-01 08:26:00,2.75,17850.0,United Kingdom',
        '900001,84029G,KNITTED UNION FLAG HOT WATER BOTTLE,6,2011-06-01 08:26:00,3.39,17850.0,United Kingdom',
      ].join('\n'),
    );
    const s = await importOnlineRetail(db.dataSource, file);
    expect(s.rowsRead).toBe(6);
    expect(s.imported).toBe(2);
    expect(s.skipped).toEqual({ malformed: 4 });
    expect(s.malformedSamples).toEqual([
      { file: 'bad-rows.csv', line: 3, message: 'bad Quantity "six" (a whole number, at most 1000000)' },
      { file: 'bad-rows.csv', line: 4, message: 'expected 8 columns, got 5' },
      { file: 'bad-rows.csv', line: 5, message: 'bad InvoiceDate "2011-02-30 08:26:00"' },
      { file: 'bad-rows.csv', line: 6, message: 'unclosed quote' },
    ]);
  });

  it('fails at once on a file that is not Online Retail, writing nothing', async () => {
    const file = join(dir, 'events.csv');
    writeFileSync(file, 'user_id,item_id,event_type,timestamp\nu1,i1,view,1704164645\n');
    const before = await count(`SELECT count(*)::int AS n FROM events`);
    const attempt = importOnlineRetail(db.dataSource, file);
    await expect(attempt).rejects.toBeInstanceOf(ImportFileError);
    await expect(importOnlineRetail(db.dataSource, file)).rejects.toThrow(
      'events.csv: not an Online Retail file: header lacks InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country',
    );
    await expect(importOnlineRetail(db.dataSource, join(dir, 'missing.csv'))).rejects.toThrow(/file not found/);
    expect(await count(`SELECT count(*)::int AS n FROM events`)).toBe(before);
  });
});
