// Loads the UCI Online Retail file (Chen, 2015; CC BY 4.0) into a Dataset for specs and benchmarks.
// Reading a file is I/O: the training job goes through the importer and PostgreSQL instead.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Dataset, ItemFeatures } from '../dataset.js';
import { parseOnlineRetailRow, type OnlineRetailSkipReason } from '../../importer/online-retail-row.js';
import { buildDataset } from './build-dataset.js';
import type { PurchaseEvent } from './purchase-event.js';

/**
 * The real data for tests and benchmarks lives beside the checkout, in ../shared/data (never shipped);
 * TAILOR_SHARED_DATA points elsewhere. The zero-setup demo uses its own copy in data/demo/.
 */
export const ONLINE_RETAIL_PATH = resolve(
  process.env.TAILOR_SHARED_DATA ?? resolve(process.cwd(), '../shared/data'),
  'online-retail/online_retail.csv.gz',
);

export interface OnlineRetailLoadOptions {
  path?: string;
  /** Stop after this many raw rows. */
  maxRows?: number;
  /** Keep only the first N customers (by first valid row in file order), with all their rows. */
  maxUsers?: number;
}

export interface OnlineRetailLoad {
  dataset: Dataset;
  rowsRead: number;
  skipped: Partial<Record<OnlineRetailSkipReason, number>>;
}

export async function loadOnlineRetailDataset(options: OnlineRetailLoadOptions = {}): Promise<OnlineRetailLoad> {
  const stream = createReadStream(options.path ?? ONLINE_RETAIL_PATH)
    .pipe(createGunzip())
    .pipe(parse({ columns: true, bom: true, relax_column_count: true }));
  const events: PurchaseEvent[] = [];
  const features = new Map<string, Partial<ItemFeatures>>();
  const keptUsers = new Set<string>();
  const skipped: Partial<Record<OnlineRetailSkipReason, number>> = {};
  let rowsRead = 0;
  for await (const record of stream as AsyncIterable<Record<string, string>>) {
    if (options.maxRows !== undefined && rowsRead >= options.maxRows) break;
    rowsRead++;
    const r = parseOnlineRetailRow(record);
    if (!r.ok) {
      skipped[r.reason] = (skipped[r.reason] ?? 0) + 1;
      continue;
    }
    const p = r.purchase;
    if (options.maxUsers !== undefined && !keptUsers.has(p.customerId)) {
      if (keptUsers.size >= options.maxUsers) continue;
      keptUsers.add(p.customerId);
    }
    if (!features.has(p.stockCode) && p.description) features.set(p.stockCode, { title: p.description });
    events.push({
      userId: p.customerId,
      itemId: p.stockCode,
      basketId: p.invoice,
      time: p.occurredAt.getTime(),
      quantity: p.quantity,
      price: p.unitPrice,
    });
  }
  stream.destroy();
  return { dataset: buildDataset(events, { itemFeatures: features }), rowsRead, skipped };
}
