import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseOnlineRetailRow } from '../../src/importer/online-retail-row.js';
import { renameRow, shiftHours, stemMaps, writeScaledOnlineRetail } from '../../bench/support/scaled-online-retail.js';

const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const lines = [
  '536365,85123A,"WHITE HANGING HEART, T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 23:26,3.39,17850.0,United Kingdom',
  'C536379,22556,PLASTERS IN TIN,-1,2010-12-01 09:41,1.65,14527.0,United Kingdom',
  '536370,POST,POSTAGE,3,2010-12-01 08:45,18,12583.0,France',
];

describe('the scale bench data: k renamed copies of Online Retail', () => {
  it('maps every stock-code stem of every copy to a distinct five-digit stem', () => {
    const maps = stemMaps(['85123', '71053', '10000'], 3);
    expect(maps[0].get('85123')).toBe('85123');
    const all = maps.flatMap((m) => [...m.values()]);
    expect(new Set(all).size).toBe(9);
    expect(all.every((s) => /^\d{5}$/.test(s))).toBe(true);
  });

  it('shifts wall-clock times by whole hours across midnight, keeping the format', () => {
    expect(shiftHours('2010-12-01 23:26', 2)).toBe('2010-12-02 01:26');
    expect(shiftHours('2010-12-31 23:00:05', 1)).toBe('2011-01-01 00:00:05');
    expect(shiftHours('not a date', 1)).toBe('not a date');
  });

  it('renames a row of copy c so it imports as another shop: own customer, invoice, item and description', () => {
    const row = {
      InvoiceNo: '536365',
      StockCode: '85123A',
      Description: 'HEART',
      Quantity: '6',
      InvoiceDate: '2010-12-01 08:26',
      UnitPrice: '2.55',
      CustomerID: '17850.0',
      Country: 'UK',
    };
    const out = renameRow(row, 3, new Map([['85123', '10042']]));
    expect(out).toEqual({
      ...row,
      InvoiceNo: '536365-3',
      StockCode: '10042A',
      Description: 'HEART #3',
      InvoiceDate: '2010-12-01 11:26',
      CustomerID: '17850-3',
    });
    expect(renameRow(row, 0, new Map())).toBe(row);
    const parsed = parseOnlineRetailRow(out);
    expect(parsed).toMatchObject({
      ok: true,
      purchase: { stockCode: '10042A', customerId: '17850-3', invoice: '536365-3' },
    });
  });

  it('writes k copies whose rows parse like the original ones (cancellations and postage stay skipped)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tailor-scaled-'));
    const source = join(dir, 'in.csv.gz');
    const target = join(dir, 'out.csv.gz');
    writeFileSync(source, gzipSync([header, ...lines].join('\n') + '\n'));
    expect(await writeScaledOnlineRetail(source, target, 3)).toBe(12);
    const rows = parse(gunzipSync(readFileSync(target)), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(rows[0].Description).toBe('WHITE HANGING HEART, T-LIGHT HOLDER');
    const results = rows.map((r) => parseOnlineRetailRow(r));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(
      Array(3).fill(['ok', 'ok', 'cancellation', 'non_product_code']).flat(),
    );
    const items = new Set(results.flatMap((r) => (r.ok ? [r.purchase.stockCode] : [])));
    const customers = new Set(results.flatMap((r) => (r.ok ? [r.purchase.customerId] : [])));
    expect(items.size).toBe(6);
    expect(customers.size).toBe(3);
  });
});
