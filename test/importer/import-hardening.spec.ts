// Imports that stopped half-way or let absurd values in (a fault and abuse run): every bad value is a
// skipped row with its line number, never the end of the import. Real PostgreSQL.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importGenericCsv, importOnlineRetail } from '../../src/importer/index.js';
import { RecommendationsRepository } from '../../src/recommendations/recommendations.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const retail = (
  invoice: string,
  over: Partial<Record<'code' | 'desc' | 'qty' | 'date' | 'price' | 'customer', string>> = {},
) =>
  [
    invoice,
    over.code ?? '85123A',
    over.desc ?? 'WHITE HANGING HEART T-LIGHT HOLDER',
    over.qty ?? '6',
    over.date ?? '2011-12-01 08:26',
    over.price ?? '2.55',
    over.customer ?? '17850',
    'United Kingdom',
  ].join(',');

describe('import hardening (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dir: string;
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const count = async (sql: string) => Number((await db.dataSource.query(sql))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('import_hardening');
    dir = mkdtempSync(join(tmpdir(), 'tailor-harden-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips absurd dates with their line numbers, and one future row no longer moves the popularity "now"', async () => {
    const path = file('dates.csv', [
      RETAIL_HEADER,
      retail('536365'),
      retail('536366', { date: '9999-12-31 10:00' }),
      retail('536367', { date: '0001-01-01 10:00' }),
    ]);
    const s = await importOnlineRetail(db.dataSource, path);
    expect(s.imported).toBe(1);
    expect(s.skipped).toEqual({ date_out_of_range: 2 });
    expect(s.malformedSamples?.map((m) => m.line)).toEqual([3, 4]);
    expect(s.malformedSamples?.[1].message).toMatch(/0001-01-01/); // not 1901

    const generic = file('generic-dates.csv', [
      'user_id,item_id,event_type,timestamp',
      'dora,85123A,view,99999999999',
      'dora,85123A,view,2011-12-02T10:00:00Z',
    ]);
    const g = await importGenericCsv(db.dataSource, { eventsFile: generic });
    expect(g.skipped).toEqual({ date_out_of_range: 1 });
    expect(g.malformedSamples?.[0]).toMatchObject({ line: 2 });

    // A row written past the importer (or before it checked) must not become everyone's "now".
    await db.dataSource.query(
      `INSERT INTO events (event_key, user_id, item_id, type, quantity, occurred_at)
       SELECT 'future-row', u.id, i.id, 'purchase', 1, '9999-12-31T00:00:00Z' FROM users u, items i LIMIT 1`,
    );
    const newest = await new RecommendationsRepository(db.dataSource).newestPurchaseMs();
    expect(new Date(newest!).toISOString()).toBe('2011-12-01T08:26:00.000Z');
    await db.dataSource.query(`DELETE FROM events WHERE event_key = 'future-row'`);
  });

  it('skips a NUL byte, an overflowing quantity, over-long ids and text, loose numbers — and imports the rest', async () => {
    const longId = 'x'.repeat(3000);
    const path = file('values.csv', [
      RETAIL_HEADER,
      retail('600001', { desc: 'NUL \u0000 TITLE' }),
      retail('600002', { qty: '99999999999' }),
      retail('600003', { customer: longId }),
      retail('600004', { desc: 'D'.repeat(1_000_001) }),
      retail('600005', { qty: '0x10' }),
      retail('600006', { qty: '1e3' }),
      retail('600007', { price: '' }),
      retail('600008', { qty: '' }),
      retail('600009', { code: '22423', customer: '17851' }),
    ]);
    const s = await importOnlineRetail(db.dataSource, path);
    expect(s.imported).toBe(1);
    expect(s.skipped).toEqual({ malformed: 8 });
    expect(s.malformedSamples?.map((m) => m.line)).toEqual([2, 3, 4, 5, 6]);
    expect(s.malformedSamples?.[0].message).toMatch(/NUL/);
    expect(s.malformedSamples?.[2].message).toMatch(/longer than 256/);

    const items = file('items.csv', [
      'item_id,title,description',
      `${longId},t,`,
      'ok-1,Fine,',
      `ok-2,${'T'.repeat(2000)},`,
    ]);
    const i = await importGenericCsv(db.dataSource, { itemsFile: items });
    expect(i).toMatchObject({ imported: 1, skipped: { malformed: 2 } });
    const events = file('events-values.csv', [
      'user_id,item_id,event_type,timestamp,quantity,price',
      'eve,ok-1,purchase,2011-12-03T10:00:00Z,0x10,',
      'eve,ok-1,purchase,2011-12-03T10:00:00Z,1e3,',
      'eve,ok-1,purchase,2011-12-03T10:00:00Z,2,1e2',
      'eve,ok-1,purchase,2011-12-03T10:00:00Z,2,',
    ]);
    const e = await importGenericCsv(db.dataSource, { eventsFile: events });
    expect(e).toMatchObject({ imported: 1, skipped: { malformed: 3 } });
  });

  it('shows a hostile header sanitised and truncated', async () => {
    const header = `\u001b[2J\u001b]0;pwned\u0007${'h'.repeat(100_000)}`;
    const path = file('header.csv', [header, 'a,b']);
    const error = await importOnlineRetail(db.dataSource, path).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/not an Online Retail file/);
    // eslint-disable-next-line no-control-regex -- the escape sequences must be gone
    expect(error?.message).not.toMatch(/\u001b|\u0007/);
    expect(error!.message.length).toBeLessThan(1000);
  });

  it('a failed batch into a non-empty database leaves no user without events', async () => {
    await db.dataSource.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.basket_id = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$`);
    await db.dataSource.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      const path = file('poison.csv', [
        'user_id,item_id,event_type,timestamp,quantity,price,basket_id',
        'newcomer-1,ok-1,purchase,2011-12-04T10:00:00Z,1,,b1',
        'newcomer-2,ok-1,purchase,2011-12-04T10:00:00Z,1,,poison',
      ]);
      await expect(
        importGenericCsv(db.dataSource, { eventsFile: path }, { batchSize: 1, bulk: false }),
      ).rejects.toThrow(/poisoned row[\s\S]*stopped after 2 data rows; \d+ events of complete batches are stored/);
      expect(
        await count(
          `SELECT count(*) AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id)`,
        ),
      ).toBe(0);
    } finally {
      await db.dataSource.query(`DROP TRIGGER refuse_poison ON events; DROP FUNCTION refuse_poison()`);
    }
  });

  it('a truncated gzip says where it stopped and what is stored', async () => {
    const lines = [RETAIL_HEADER];
    for (let n = 0; n < 3000; n++)
      lines.push(retail(`7${String(n).padStart(5, '0')}`, { customer: String(20000 + (n % 50)) }));
    const full = gzipSync(Buffer.from(lines.join('\n') + '\n'));
    const path = join(dir, 'truncated.csv.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length * 0.6)));
    expect(readFileSync(path).length).toBeGreaterThan(0);
    await expect(importOnlineRetail(db.dataSource, path, { batchSize: 500 })).rejects.toThrow(
      /not a valid gzip file[\s\S]*stopped after [\d,]+ data rows; [\d,]+ events of complete batches are stored; run the import again/,
    );
  });
});
