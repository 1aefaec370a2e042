import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connectedCacheStore } from '../support/cache-store.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

// Runs the built CLI (`npm run build` output, the file package.json "bin" points at) as a child process.
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/training/tailor.js');
const SLICE = join(ROOT, 'test/fixtures/online-retail-slice.csv.gz');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('tailor CLI (built, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dir: string;

  async function tailor(args: string[], env: Record<string, string> = {}): Promise<Run> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, TAILOR_DATA_DIR: join(dir, 'data'), ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }

  beforeAll(async () => {
    if (!existsSync(CLI))
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
        { cwd: ROOT },
      );
    db = await createTestDatabase('importer_cli');
    dir = mkdtempSync(join(tmpdir(), 'tailor-cli-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists its commands', async () => {
    const r = await tailor(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: tailor/);
    expect(r.stdout).toMatch(/^\s+import\b/m);
    const sub = await tailor(['import', '--help']);
    expect(sub.stdout).toMatch(/online-retail \[options\] <file>/);
    expect(sub.stdout).toMatch(/csv \[options\]/);
  });

  it('imports the Online Retail slice and prints the summary; a second run adds nothing', async () => {
    const first = await tailor(['import', 'online-retail', SLICE]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Imported online-retail .*online-retail-slice\.csv\.gz into postgres postgres:\/\//);
    expect(first.stdout).toMatch(/rows read: +3,008\n/);
    expect(first.stdout).toMatch(/imported: +1,888\n/);
    expect(first.stdout).toMatch(/ missing_customer +1,082\n/);
    expect(first.stdout).toMatch(/ cancellation +27\n/);
    expect(first.stdout).toMatch(/ non_product_code +9\n/);
    expect(first.stdout).toMatch(/ non_positive_quantity +2\n/);
    expect(first.stdout).toMatch(/items: +919\n/);
    expect(first.stdout).toMatch(/users: +92\n/);

    const second = await tailor(['import', 'online-retail', SLICE]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/imported: +0\n/);
    expect(second.stdout).toMatch(/ already_imported +1,888\n/);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 1888 }]);
  });

  it('drops the cached lists in Redis after an import, and says when there is no shared cache to drop', async () => {
    const prefix = testKeyPrefix('importer-cli');
    const store = await connectedCacheStore(prefix);
    try {
      await store.set('12347', 'HOME|10|d|v1|r2', '[]');
      const shared = await tailor(['import', 'online-retail', SLICE], {
        REDIS_URL: REDIS_TEST_URL,
        REDIS_KEY_PREFIX: prefix,
      });
      expect(shared.code).toBe(0);
      expect(shared.stdout).toMatch(/Dropped the cached lists and purchase histories of 1 users \(Redis\)\n/);
      expect(await store.get('12347', 'HOME|10|d|v1|r2')).toBeNull();

      const unshared = await tailor(['import', 'online-retail', SLICE]);
      expect(unshared.stdout).toMatch(
        /No REDIS_URL: a running service keeps lists computed before this write for up to 300 s\n/,
      );

      const unreachable = await tailor(['import', 'online-retail', SLICE], { REDIS_URL: 'redis://127.0.0.1:1' });
      expect(unreachable.code).toBe(0);
      expect(unreachable.stderr).toMatch(
        /^warning: cached lists in Redis were not dropped \(.+\); they are served for up to 300 s\n$/,
      );
    } finally {
      await store.close();
    }
  });

  it('imports the generic format and shows malformed rows', async () => {
    const events = join(dir, 'events.csv');
    writeFileSync(
      events,
      'user_id,item_id,event_type,timestamp\nu9,x1,view,2024-01-01T00:00:00Z\nu9,x1,stare,2024-01-01T00:00:00Z\n',
    );
    const r = await tailor(['import', 'csv', '--events', events]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported: +1\n/);
    expect(r.stdout).toMatch(/events\.csv:3: bad event_type "stare"/);
  });

  it('fails with one line and exit code 1 on a wrong header', async () => {
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'user_id,item_id,event_type,timestamp\n');
    const r = await tailor(['import', 'online-retail', wrong]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `tailor: ${wrong}: not an Online Retail file: header lacks InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country (got: user_id,item_id,event_type,timestamp)\n`,
    );
  });

  it.each([
    [['import', 'online-retail', 'nope.csv.gz'], /^tailor: file not found: nope\.csv\.gz\n$/],
    [['import', 'online-retail'], /missing required argument 'file'/],
    [['import', 'csv'], /^tailor: import csv needs --items <file>, --events <file> or both\n$/],
    [['import', 'csv', '--events', SLICE, '--batch-size', 'lots'], /--batch-size.*a whole number/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits with 2 on a usage error: %j', async (args, message) => {
    const r = await tailor(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a bad DATABASE_URL and exits with 2', async () => {
    const r = await tailor(['import', 'online-retail', SLICE], { DATABASE_URL: 'mysql://localhost/x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tailor: Invalid configuration: DATABASE_URL: must start with postgres:// or postgresql://\n',
    );
  });
});
