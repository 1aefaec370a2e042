// First-start demo import on a real embedded store (PGlite in a temporary directory), driven through
// the Nest lifecycle like `npm start`, with a small slice of the shipped Online Retail file.
import { Test } from '@nestjs/testing';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { DEMO_DATA_FILE, findDemoDataFile } from '../../src/demo/demo-data-file.js';
import { DemoDataService, importDemoDataIfNeeded } from '../../src/demo/demo-data.service.js';
import { createTestDatabase } from '../support/test-services.js';

const SLICE_ROWS = 400;
const quiet = { log: () => undefined };

/** The header and the first SLICE_ROWS rows of the shipped file, gzipped into `target`. */
async function writeSlice(target: string): Promise<void> {
  const shipped = findDemoDataFile();
  if (!shipped) throw new Error('data/demo/online_retail.csv.gz is missing');
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(shipped).pipe(createGunzip()) });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length > SLICE_ROWS) break;
  }
  rl.close();
  await pipeline(Readable.from([lines.join('\n') + '\n']), createGzip(), createWriteStream(target));
}

async function counts(ds: DataSource): Promise<{ items: number; users: number; events: number }> {
  const [row] = await ds.query(
    `SELECT (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM users) AS users,
            (SELECT count(*)::int FROM events) AS events`,
  );
  return row;
}

describe('first-start demo import (embedded PGlite)', () => {
  let dir: string;
  let slice: string;
  let ds: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tailor-demo-'));
    slice = join(dir, 'slice.csv.gz');
    await writeSlice(slice);
    ds = await openDataSource({ dataDir: join(dir, 'store') });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bootstrap(env: Record<string, string>): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      providers: [
        DemoDataService,
        // DEMO_TRAIN off: first-start training has its own spec (demo-training.spec.ts).
        {
          provide: APP_CONFIG,
          useValue: loadAppConfig({ TAILOR_DATA_DIR: join(dir, 'store'), DEMO_TRAIN: 'false', ...env }),
        },
        { provide: DataSource, useValue: ds },
        { provide: DEMO_DATA_FILE, useValue: slice },
      ],
    })
      .setLogger(quiet as never)
      .compile();
    await moduleRef.init(); // runs onModuleInit, as app.listen() does before serving
    await moduleRef.close();
  }

  it('does nothing with DATABASE_URL set or DEMO_DATA=false', async () => {
    await bootstrap({ DATABASE_URL: 'postgres://x@127.0.0.1:1/none' });
    await bootstrap({ DEMO_DATA: 'false' });
    expect(await counts(ds)).toEqual({ items: 0, users: 0, events: 0 });
  });

  it('imports on the first start, then a second start imports nothing', async () => {
    await bootstrap({});
    const first = await counts(ds);
    expect(first.items).toBeGreaterThan(10);
    expect(first.users).toBeGreaterThan(1);
    expect(first.events).toBeGreaterThan(100);
    const marker = JSON.parse(readFileSync(join(dir, 'store', 'demo-import.json'), 'utf8'));
    expect(marker).toMatchObject({ status: 'done', file: slice, summary: { imported: first.events } });

    await bootstrap({});
    expect(await counts(ds)).toEqual(first);
  });

  it('resumes an interrupted import without duplicating events', async () => {
    const before = await counts(ds);
    writeFileSync(
      join(dir, 'store', 'demo-import.json'),
      JSON.stringify({ status: 'started', file: slice, startedAt: new Date().toISOString() }),
    );
    const outcome = await importDemoDataIfNeeded({
      dataSource: ds,
      dataDir: join(dir, 'store'),
      file: slice,
      logger: quiet,
    });
    expect(outcome).toMatchObject({ action: 'resumed', summary: { imported: 0 } });
    expect(await counts(ds)).toEqual(before);
  });

  it("leaves a store that already holds the user's own events alone", async () => {
    // Real PostgreSQL: typeorm-pglite keeps one PGlite instance per process, so a second embedded
    // store cannot be opened beside the first; the function only speaks SQL, so either store works.
    const db = await createTestDatabase('demo_own_events');
    const other = db.dataSource;
    try {
      await other.query(`INSERT INTO users (external_id, first_seen_at, last_seen_at) VALUES ('u1', now(), now())`);
      await other.query(`INSERT INTO items (external_id, title) VALUES ('i1', 'Own item')`);
      await other.query(`INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
        SELECT 'own-1', u.id, i.id, 'purchase', now() FROM users u, items i`);
      const outcome = await importDemoDataIfNeeded({
        dataSource: other,
        dataDir: 'memory://',
        file: slice,
        logger: quiet,
      });
      expect(outcome).toEqual({ action: 'skipped', reason: 'the database already holds events' });
      expect(await counts(other)).toEqual({ items: 1, users: 1, events: 1 });
    } finally {
      await db.drop();
    }
  });
});
