// Orchestration of an Online Retail import: stream the file, parse each row, batch the purchases,
// then write the final item titles/prices and user windows.
import { basename } from 'node:path';
import type { DataSource } from 'typeorm';
import { readCsvFile } from './csv-file-reader.js';
import { GroupedOccurrenceCounter, onlineRetailEventKey } from './event-key.js';
import { EventPipeline } from './event-pipeline.js';
import { startEventLoad, type EventLoad } from './event-load.js';
import { RetailItemCatalog, UserWindows } from './import-aggregates.js';
import { ImportFileError } from './import-errors.js';
import { SkipTally, type ImportOptions, type ImportSummary } from './import-summary.js';
import { ImportRepository } from './import.repository.js';
import { dateWindow, DEFAULT_EARLIEST_DATE } from './import-limits.js';
import { stoppedImportError } from './stopped-import.js';
import { checkOnlineRetailHeader, ONLINE_RETAIL_HEADER, parseOnlineRetailRow } from './online-retail-row.js';

export const DEFAULT_BATCH_SIZE = 5_000;

export async function importOnlineRetail(
  dataSource: DataSource,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const file = basename(filePath);
  const tally = new SkipTally();
  const window = options.dateWindow ?? dateWindow(DEFAULT_EARLIEST_DATE);
  const users = new UserWindows();
  const catalog = new RetailItemCatalog();
  const occurrences = new GroupedOccurrenceCounter();
  let columnIndex: number[] | null = null;
  let headerLength = 0;
  let rowsRead = 0;

  function retailItem(code: string) {
    return { externalId: code, ...catalog.current(code) };
  }
  const repo = await ImportRepository.open(dataSource);
  let load: EventLoad | null = null;
  let pipeline: EventPipeline | null = null;
  try {
    load = await startEventLoad(dataSource, repo, options);
    pipeline = new EventPipeline(
      repo,
      load.writers,
      users,
      (codes, via) => via.upsertRetailItems(codes.map(retailItem)),
      batchSize,
      load.mode === 'incremental',
    );
    for await (const chunk of readCsvFile(filePath)) {
      let full = false;
      for (const rec of chunk.records) {
        if (columnIndex === null) {
          const problem = checkOnlineRetailHeader(rec.fields);
          if (problem) throw new ImportFileError(`${file}: ${problem}`);
          const cols = rec.fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
          columnIndex = ONLINE_RETAIL_HEADER.map((c) => cols.indexOf(c));
          headerLength = cols.length;
          continue;
        }
        rowsRead++;
        const f = rec.fields;
        if (f.length !== headerLength) {
          tally.malformed(file, rec.line, `expected ${headerLength} columns, got ${f.length}`);
          continue;
        }
        const [inv, code, desc, qty, date, price, customer, country] = columnIndex;
        const r = parseOnlineRetailRow(
          {
            InvoiceNo: f[inv],
            StockCode: f[code],
            Description: f[desc],
            Quantity: f[qty],
            InvoiceDate: f[date],
            UnitPrice: f[price],
            CustomerID: f[customer],
            Country: f[country],
          },
          window,
        );
        if (!r.ok) {
          if (r.detail) tally.reject(r.reason, file, rec.line, r.detail);
          else tally.add(r.reason);
          continue;
        }
        const p = r.purchase;
        users.observe(p.customerId, p.occurredAt);
        catalog.observe(p.stockCode, p.description, p.unitPrice, p.occurredAt);
        const n = occurrences.next(p.invoice, p.stockCode);
        full =
          pipeline.add({
            key: onlineRetailEventKey(p.invoice, p.stockCode, n),
            userId: p.customerId,
            itemId: p.stockCode,
            type: 'purchase',
            quantity: p.quantity,
            price: p.unitPrice,
            basketId: p.invoice,
            occurredAt: p.occurredAt,
          }) || full;
      }
      if (columnIndex === null && chunk.bad.length > 0) {
        throw new ImportFileError(`${file}: cannot read the header row (${chunk.bad[0].message})`);
      }
      for (const b of chunk.bad) {
        rowsRead++;
        tally.malformed(file, b.line, b.message);
      }
      if (full) await pipeline.cut();
      options.onProgress?.({ rowsRead, bytesRead: chunk.bytesRead, totalBytes: chunk.totalBytes });
    }
    if (columnIndex === null) throw new ImportFileError(`${file}: empty file, expected the Online Retail header`);
    await pipeline.finish();
    // Final values: the latest title and price of each item, the full window of each user.
    await inChunks([...catalog.byCode.keys()], batchSize, (codes) => repo.upsertRetailItems(codes.map(retailItem)));
    await inChunks([...users.byUser.keys()], batchSize, (ids) =>
      repo.upsertUsers(ids.map((id) => ({ externalId: id, ...users.window(id) }))),
    );
    await load.finish();
    load = null;
  } catch (e) {
    throw stoppedImportError(e, rowsRead, load?.mode, pipeline?.inserted ?? 0);
  } finally {
    await pipeline?.settle();
    await load?.abort();
    await repo.close();
  }
  tally.add('already_imported', pipeline.duplicates);
  return {
    rowsRead,
    imported: pipeline.inserted,
    skipped: tally.counts,
    items: catalog.size,
    users: users.size,
    seconds: (performance.now() - started) / 1000,
    malformedSamples: tally.samples,
  };
}

export async function inChunks<T>(all: T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < all.length; i += size) await fn(all.slice(i, i + size));
}
