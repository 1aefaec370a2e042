// Benchmark: import of the full Online Retail file into PostgreSQL, in rows read per second of wall
// time. Goal: >= 50,000 rows/s on the 2-core reference machine.
// It never writes into the database it is given: it creates a scratch database on the same server,
// applies the migrations, imports (timed), and drops the scratch database again.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { importOnlineRetail } from '../../src/importer/online-retail-importer.js';
import type { ImportSummary } from '../../src/importer/import-summary.js';

import { ONLINE_RETAIL_PATH } from '../../src/ml/data/online-retail-dataset.js';

export const ONLINE_RETAIL_FILE = ONLINE_RETAIL_PATH;

export interface ImportThroughput {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  summary: ImportSummary;
}

export interface ImportThroughputOptions {
  file?: string;
  batchSize?: number;
  writers?: number;
}

export async function measureImportThroughput(
  databaseUrl: string,
  options: ImportThroughputOptions = {},
): Promise<ImportThroughput> {
  const scratch = `tailor_bench_import_${randomBytes(4).toString('hex')}`;
  const adminUrl = new URL(databaseUrl);
  const scratchUrl = new URL(databaseUrl);
  scratchUrl.pathname = `/${scratch}`;
  await withClient(adminUrl.toString(), (c) => c.query(`CREATE DATABASE "${scratch}"`));
  try {
    const ds = await openDataSource({ url: scratchUrl.toString(), dataDir: 'memory://' });
    try {
      const started = performance.now();
      const summary = await importOnlineRetail(ds, options.file ?? ONLINE_RETAIL_FILE, {
        batchSize: options.batchSize,
        writers: options.writers,
      });
      const seconds = (performance.now() - started) / 1000;
      return { rows: summary.rowsRead, seconds, rowsPerSecond: summary.rowsRead / seconds, summary };
    } finally {
      await ds.destroy();
    }
  } finally {
    await withClient(adminUrl.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// `DATABASE_URL=postgres://... node dist/bench/importer/import-throughput.js [file]`
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const batchSize = process.env.BATCH_SIZE ? Number(process.env.BATCH_SIZE) : undefined;
  measureImportThroughput(url, { file: process.argv[2], batchSize }).then(
    (r) => {
      console.log(
        `import throughput: ${r.rows.toLocaleString('en-US')} rows in ${r.seconds.toFixed(2)} s = ` +
          `${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s (goal >= 50,000)`,
      );
      console.log(JSON.stringify({ ...r.summary, seconds: +r.summary.seconds.toFixed(2) }));
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
