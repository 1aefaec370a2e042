// A small REAL slice of UCI Online Retail (Chen, 2015; CC BY 4.0) for e2e specs: 425 purchase lines of
// 30 customers over 60 popular products, 2011-11-01..2011-12-08 (test/fixtures/e2e-retail-slice.csv).
// Inserted with plain SQL so the specs do not depend on the importer. Online Retail has no categories:
// the helper derives a few from the descriptions, only so that category filters have something to match.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { parseOnlineRetailRow, type OnlineRetailPurchase } from '../../src/importer/online-retail-row.js';

export const RETAIL_SLICE_FILE = join(process.cwd(), 'test/fixtures/e2e-retail-slice.csv');

export interface SliceItem {
  id: string;
  title: string;
  price: number;
  categories: string[];
}

export interface RetailSlice {
  purchases: OnlineRetailPurchase[];
  items: Map<string, SliceItem>;
  /** Customer id → stock codes bought. */
  boughtBy: Map<string, Set<string>>;
  /** Customers, most purchase lines first. */
  customers: string[];
}

/** Keyword → category (test data only). */
const CATEGORY_RULES: [RegExp, string][] = [
  [/CHRISTMAS|XMAS|SNOWFLAKE|SLEIGH|ADVENT|BAUBLE|PAPER CHAIN/, 'christmas'],
  [/BAG|CASE|BOX|TIN/, 'storage'],
  [/LIGHT|LANTERN|CANDLE|HOLDER/, 'lighting'],
  [/MUG|CUP|CAKE|TEA|BAKING|LUNCH|BOTTLE|KITCHEN|JAR|PLATE/, 'kitchen'],
];

export function categoriesOf(title: string): string[] {
  const cats = CATEGORY_RULES.filter(([re]) => re.test(title)).map(([, c]) => c);
  return cats.length > 0 ? cats : ['gifts'];
}

export function loadRetailSlice(): RetailSlice {
  const records = parse(readFileSync(RETAIL_SLICE_FILE), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const purchases: OnlineRetailPurchase[] = [];
  for (const r of records) {
    const parsed = parseOnlineRetailRow(r);
    if (parsed.ok) purchases.push(parsed.purchase);
  }
  const items = new Map<string, SliceItem>();
  const boughtBy = new Map<string, Set<string>>();
  for (const p of purchases) {
    const title = p.description ?? p.stockCode;
    items.set(p.stockCode, { id: p.stockCode, title, price: p.unitPrice, categories: categoriesOf(title) });
    if (!boughtBy.has(p.customerId)) boughtBy.set(p.customerId, new Set());
    boughtBy.get(p.customerId)!.add(p.stockCode);
  }
  const lines = new Map<string, number>();
  for (const p of purchases) lines.set(p.customerId, (lines.get(p.customerId) ?? 0) + 1);
  const customers = [...lines.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  return { purchases, items, boughtBy, customers };
}

/** Inserts items, users and purchase events of the slice. */
export async function seedRetailSlice(ds: DataSource, slice: RetailSlice = loadRetailSlice()): Promise<RetailSlice> {
  const items = [...slice.items.values()];
  await ds.query(
    `INSERT INTO items (external_id, title, price, categories, attributes)
     SELECT id, title, price, string_to_array(cats, ','), jsonb_build_object('source', 'online-retail')
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[]) AS t(id, title, price, cats)`,
    [
      items.map((i) => i.id),
      items.map((i) => i.title),
      items.map((i) => String(i.price)),
      items.map((i) => i.categories.join(',')),
    ],
  );
  const span = new Map<string, [number, number]>();
  for (const p of slice.purchases) {
    const t = p.occurredAt.getTime();
    const s = span.get(p.customerId);
    span.set(p.customerId, s ? [Math.min(s[0], t), Math.max(s[1], t)] : [t, t]);
  }
  const users = [...span.keys()];
  await ds.query(
    `INSERT INTO users (external_id, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])`,
    [
      users,
      users.map((u) => new Date(span.get(u)![0]).toISOString()),
      users.map((u) => new Date(span.get(u)![1]).toISOString()),
    ],
  );
  const seen = new Map<string, number>();
  const keys = slice.purchases.map((p) => {
    const base = `or:${p.invoice}:${p.stockCode}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
  await ds.query(
    `INSERT INTO events (event_key, user_id, item_id, type, quantity, price, basket_id, occurred_at)
     SELECT e.key, u.id, i.id, 'purchase', e.qty, e.price, e.basket, e.at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::text[], $7::timestamptz[])
            AS e(key, customer, stock, qty, price, basket, at)
       JOIN users u ON u.external_id = e.customer
       JOIN items i ON i.external_id = e.stock`,
    [
      keys,
      slice.purchases.map((p) => p.customerId),
      slice.purchases.map((p) => p.stockCode),
      slice.purchases.map((p) => p.quantity),
      slice.purchases.map((p) => String(p.unitPrice)),
      slice.purchases.map((p) => p.invoice),
      slice.purchases.map((p) => p.occurredAt.toISOString()),
    ],
  );
  return slice;
}
