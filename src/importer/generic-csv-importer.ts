// Orchestration of a generic CSV import: an items file, an events file, or both (items first, so
// events find their items; events for unknown items create placeholder items).
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DataSource } from 'typeorm';
import { readCsvFile, readCsvHeader } from './csv-file-reader.js';
import { genericEventHash, genericEventKey, OccurrenceCounter } from './event-key.js';
import { EventPipeline } from './event-pipeline.js';
import {
  parseGenericEventRow,
  parseGenericItemRow,
  readEventsHeader,
  readItemsHeader,
  type CsvHeader,
  type GenericItem,
} from './generic-csv-row.js';
import { UserWindows } from './import-aggregates.js';
import { ImportFileError } from './import-errors.js';
import { SkipTally, type ImportOptions, type ImportSummary } from './import-summary.js';
import { ImportRepository } from './import.repository.js';
import { DEFAULT_BATCH_SIZE, inChunks } from './online-retail-importer.js';
import { startEventLoad } from './event-load.js';
import { dateWindow, DEFAULT_EARLIEST_DATE } from './import-limits.js';
import { stoppedImportError } from './stopped-import.js';

export interface GenericCsvFiles {
  itemsFile?: string;
  eventsFile?: string;
}

export interface GenericImportSummary extends ImportSummary {
  /** Items created because an event named an item the catalog did not have. */
  placeholders: number;
}

type HeaderReader = (fields: string[]) => { ok: true; header: CsvHeader } | { ok: false; message: string };

/** Checks a file's header without importing anything; throws ImportFileError naming the problem. */
export async function checkGenericCsvHeader(path: string, read: HeaderReader): Promise<void> {
  const fields = await readCsvHeader(path);
  if (fields.length === 0) throw new ImportFileError(`${basename(path)}: empty file, expected a header row`);
  const h = read(fields);
  if (!h.ok) throw new ImportFileError(`${basename(path)}: ${h.message}`);
}

export async function importGenericCsv(
  dataSource: DataSource,
  files: GenericCsvFiles,
  options: ImportOptions = {},
): Promise<GenericImportSummary> {
  const started = performance.now();
  if (!files.itemsFile && !files.eventsFile) throw new ImportFileError('give an items file, an events file or both');
  // Both headers are checked before anything is written.
  if (files.itemsFile) await checkGenericCsvHeader(files.itemsFile, readItemsHeader);
  if (files.eventsFile) await checkGenericCsvHeader(files.eventsFile, readEventsHeader);

  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const tally = new SkipTally();
  const window = options.dateWindow ?? dateWindow(DEFAULT_EARLIEST_DATE);
  const progress = { rowsRead: 0, bytesBefore: 0, totalBytes: 0 };
  const touchedItems = new Set<string>();
  let imported = 0;
  let users = 0;
  let placeholders = 0;

  const repo = await ImportRepository.open(dataSource);
  try {
    const sizes = await Promise.all([files.itemsFile, files.eventsFile].map(async (f) => (f ? stat(f) : null)));
    progress.totalBytes = sizes.reduce((a, s) => a + (s?.size ?? 0), 0);
    const report = (bytesInFile: number) =>
      options.onProgress?.({
        rowsRead: progress.rowsRead,
        bytesRead: progress.bytesBefore + bytesInFile,
        totalBytes: progress.totalBytes,
      });

    if (files.itemsFile) {
      const file = files.itemsFile;
      let pending = new Map<string, GenericItem>();
      const flush = async () => {
        const rows = [...pending.values()];
        pending = new Map();
        await repo.upsertCatalogItems(rows);
      };
      for await (const { records, header, bytesRead } of rowsOf(file, readItemsHeader, tally, progress)) {
        for (const rec of records) {
          const r = parseGenericItemRow(rec.fields, header);
          if (!r.ok) {
            tally.malformed(basename(file), rec.line, r.detail);
            continue;
          }
          // A later row for the same item in one batch wins; across batches the later UPDATE wins.
          pending.set(r.value.externalId, r.value);
          touchedItems.add(r.value.externalId);
          imported++;
        }
        if (pending.size >= batchSize) await flush();
        report(bytesRead);
      }
      await flush();
      progress.bytesBefore += sizes[0]?.size ?? 0;
    }

    if (files.eventsFile) {
      const file = files.eventsFile;
      const windows = new UserWindows();
      const occurrences = new OccurrenceCounter();
      const load = await startEventLoad(dataSource, repo, options);
      const pipeline = new EventPipeline(
        repo,
        load.writers,
        windows,
        async (ids, via) => {
          const { ids: map, created } = await via.ensureItems(ids);
          placeholders += created;
          return map;
        },
        batchSize,
        load.mode === 'incremental',
      );
      try {
        for await (const { records, header, bytesRead } of rowsOf(file, readEventsHeader, tally, progress)) {
          let full = false;
          for (const rec of records) {
            const r = parseGenericEventRow(rec.fields, header, window);
            if (!r.ok) {
              tally.reject(r.reason, basename(file), rec.line, r.detail);
              continue;
            }
            const e = r.value;
            windows.observe(e.userId, e.occurredAt);
            touchedItems.add(e.itemId);
            const hash = genericEventHash(e);
            full = pipeline.add({ ...e, key: genericEventKey(hash, occurrences.next(hash)) }) || full;
          }
          if (full) await pipeline.cut();
          report(bytesRead);
        }
        await pipeline.finish();
        await inChunks([...windows.byUser.keys()], batchSize, (ids) =>
          repo.upsertUsers(ids.map((id) => ({ externalId: id, ...windows.window(id) }))),
        );
        await load.finish();
      } catch (e) {
        await pipeline.settle();
        await load.abort();
        throw stoppedImportError(e, progress.rowsRead, load.mode, pipeline.inserted);
      }
      imported += pipeline.inserted;
      tally.add('already_imported', pipeline.duplicates);
      users = windows.size;
    }
  } finally {
    await repo.close();
  }
  return {
    rowsRead: progress.rowsRead,
    imported,
    skipped: tally.counts,
    items: touchedItems.size,
    users,
    placeholders,
    seconds: (performance.now() - started) / 1000,
    malformedSamples: tally.samples,
  };
}

/** The data rows of a CSV file in chunks, with its header; unreadable rows are counted as malformed. */
async function* rowsOf(
  path: string,
  readHeader: HeaderReader,
  tally: SkipTally,
  progress: { rowsRead: number },
): AsyncGenerator<{ records: { line: number; fields: string[] }[]; header: CsvHeader; bytesRead: number }> {
  let header: CsvHeader | null = null;
  for await (const chunk of readCsvFile(path)) {
    let records = chunk.records;
    if (header === null && records.length > 0) {
      const h = readHeader(records[0].fields);
      if (!h.ok) throw new ImportFileError(`${basename(path)}: ${h.message}`);
      header = h.header;
      records = records.slice(1);
    }
    if (header === null) {
      if (chunk.bad.length > 0) {
        throw new ImportFileError(`${basename(path)}: cannot read the header row (${chunk.bad[0].message})`);
      }
      continue;
    }
    for (const b of chunk.bad) tally.malformed(basename(path), b.line, b.message);
    progress.rowsRead += records.length + chunk.bad.length;
    yield { records, header, bytesRead: chunk.bytesRead };
  }
}
