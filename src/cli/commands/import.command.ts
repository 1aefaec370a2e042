// `tailor import online-retail <file>` and `tailor import csv --items <f> --events <f>`.
import { InvalidArgumentError, type Command } from 'commander';
import type { DataSource } from 'typeorm';
import { loadAppConfig } from '../../config/app-config.js';
import { describeDatabase, openDataSource } from '../../database/data-source.factory.js';
import { assertReadableFile } from '../../importer/csv-file-reader.js';
import { ImportFileError } from '../../importer/import-errors.js';
import { dateWindow } from '../../importer/import-limits.js';
import {
  checkGenericCsvHeader,
  checkOnlineRetailHeader,
  formatImportSummary,
  importGenericCsv,
  importOnlineRetail,
  readCsvHeader,
  readEventsHeader,
  readItemsHeader,
  type ImportSummary,
} from '../../importer/index.js';
import { dropCachedListsAfterWrite } from '../cached-lists.js';
import { UsageError } from '../cli-errors.js';
import { createProgressReporter } from '../progress-reporter.js';

interface CommonOptions {
  batchSize?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new InvalidArgumentError('a whole number from 1 to 1000000');
  return n;
}

export function registerImportCommand(program: Command): void {
  const importCmd = program
    .command('import')
    .description('import data into the database (DATABASE_URL, or the embedded store in TAILOR_DATA_DIR)');

  importCmd
    .command('online-retail')
    .description('import the UCI Online Retail file (.csv or .csv.gz): purchases become events, invoices baskets')
    .argument('<file>', 'online_retail.csv or online_retail.csv.gz')
    .option('--batch-size <rows>', 'rows per insert', positiveInt)
    .action(async (file: string, opts: CommonOptions) => {
      await requireFile(file);
      const problem = checkOnlineRetailHeader(await readCsvHeader(file));
      if (problem) throw new ImportFileError(`${file}: ${problem}`);
      await runImport(`online-retail ${file}`, (ds, onProgress, window) =>
        importOnlineRetail(ds, file, { batchSize: opts.batchSize, onProgress, dateWindow: window }),
      );
    });

  importCmd
    .command('csv')
    .description('import the generic CSV format: an items file, an events file, or both (see docs)')
    .option('--items <file>', 'items: item_id,title[,description][,category][,price][,available][,...attributes]')
    .option('--events <file>', 'events: user_id,item_id,event_type,timestamp[,quantity][,price][,basket_id]')
    .option('--batch-size <rows>', 'rows per insert', positiveInt)
    .action(async (opts: CommonOptions & { items?: string; events?: string }) => {
      if (!opts.items && !opts.events) throw new UsageError('import csv needs --items <file>, --events <file> or both');
      if (opts.items) await requireFile(opts.items);
      if (opts.events) await requireFile(opts.events);
      if (opts.items) await checkGenericCsvHeader(opts.items, readItemsHeader);
      if (opts.events) await checkGenericCsvHeader(opts.events, readEventsHeader);
      const what = [opts.items && `items ${opts.items}`, opts.events && `events ${opts.events}`]
        .filter(Boolean)
        .join(', ');
      await runImport(`csv ${what}`, (ds, onProgress, window) =>
        importGenericCsv(
          ds,
          { itemsFile: opts.items, eventsFile: opts.events },
          { batchSize: opts.batchSize, onProgress, dateWindow: window },
        ),
      );
    });
}

async function requireFile(path: string): Promise<void> {
  try {
    await assertReadableFile(path);
  } catch (e) {
    if (e instanceof ImportFileError) throw new UsageError(e.message);
    throw e;
  }
}

async function runImport(
  what: string,
  run: (
    ds: DataSource,
    onProgress: (p: Parameters<ReturnType<typeof createProgressReporter>['update']>[0]) => void,
    window: ReturnType<typeof dateWindow>,
  ) => Promise<ImportSummary>,
): Promise<void> {
  const config = loadAppConfig();
  const target = { url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR };
  const ds = await openDataSource(target);
  const progress = createProgressReporter('importing');
  try {
    const summary = await run(ds, (p) => progress.update(p), dateWindow(config.IMPORT_EARLIEST_DATE));
    progress.stop();
    process.stdout.write(`Imported ${what} into ${describeDatabase(target)}\n${formatImportSummary(summary)}\n`);
    await dropCachedListsAfterWrite(config);
  } finally {
    progress.stop();
    await ds.destroy();
  }
}
