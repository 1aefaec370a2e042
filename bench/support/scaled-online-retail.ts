// A k× Online Retail file for the scale bench: k renamed copies of the shop, each an independent shop with its own
// customers, stock codes, invoices and descriptions, its dates shifted by c hours so that the copies interleave in
// time. Copy 0 is the original file. Stock codes keep the importer's product-code shape (five digits and an optional
// letter suffix): each copy maps every five-digit stem to a fresh, unused one, so no two copies share an item.
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ONLINE_RETAIL_HEADER } from '../../src/importer/online-retail-row.js';

const COLUMNS = [...ONLINE_RETAIL_HEADER];
const STEM = /^(\d{5})(.*)$/;

/** Stem renaming of copy c ≥ 1: every stem of the file gets a five-digit number no copy and no original uses. */
export function stemMaps(stems: Iterable<string>, copies: number): Map<string, string>[] {
  const sorted = [...new Set(stems)].sort();
  const used = new Set(sorted);
  if (sorted.length * copies > 90_000)
    throw new Error(`${copies} copies of ${sorted.length} stock codes exceed five digits`);
  const maps: Map<string, string>[] = [new Map(sorted.map((s) => [s, s]))];
  let next = 10_000;
  for (let c = 1; c < copies; c++) {
    const map = new Map<string, string>();
    for (const stem of sorted) {
      while (used.has(String(next))) next++;
      map.set(stem, String(next));
      used.add(String(next++));
    }
    maps.push(map);
  }
  return maps;
}

/** One row of copy c (copy 0 unchanged). Codes without a five-digit stem are not products and stay as they are. */
export function renameRow(
  row: Record<string, string>,
  copy: number,
  stems: Map<string, string>,
): Record<string, string> {
  if (copy === 0) return row;
  const m = STEM.exec(row.StockCode ?? '');
  const customer = (row.CustomerID ?? '').trim();
  return {
    ...row,
    InvoiceNo: `${row.InvoiceNo}-${copy}`,
    StockCode: m ? `${stems.get(m[1]) ?? m[1]}${m[2]}` : row.StockCode,
    Description: row.Description ? `${row.Description} #${copy}` : row.Description,
    InvoiceDate: shiftHours(row.InvoiceDate ?? '', copy),
    CustomerID: customer ? `${customer.replace(/\.0+$/, '')}-${copy}` : customer,
  };
}

/** "YYYY-MM-DD HH:MM[:SS]" shifted by h hours, in the same wall-clock format (unparsable text unchanged). */
export function shiftHours(text: string, hours: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return text;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) + hours * 3_600_000;
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, m[6] === undefined ? 16 : 19)}`;
}

function csvLine(values: string[]): string {
  return values.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\n';
}

function readRows(file: string): AsyncIterable<Record<string, string>> {
  const parser = parse({ columns: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true });
  return createReadStream(file).pipe(createGunzip()).pipe(parser) as AsyncIterable<Record<string, string>>;
}

/** Writes `copies` renamed copies of the gzip Online Retail file `source` to `target` (gzip); returns rows written. */
export async function writeScaledOnlineRetail(source: string, target: string, copies: number): Promise<number> {
  const stems = new Set<string>();
  for await (const row of readRows(source)) {
    const m = STEM.exec(row.StockCode ?? '');
    if (m) stems.add(m[1]);
  }
  const maps = stemMaps(stems, copies);
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(COLUMNS);
    for (let c = 0; c < copies; c++) {
      for await (const row of readRows(source)) {
        const out = renameRow(row, c, maps[c]);
        rows++;
        yield csvLine(COLUMNS.map((k) => out[k] ?? ''));
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip({ level: 1 }), createWriteStream(target));
  return rows;
}
