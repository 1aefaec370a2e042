// The fixture the serving sections share: Online Retail imported into a throwaway PostgreSQL database
// and a model trained on it by the real CLI (`tailor train` as a child process, under /usr/bin/time -v
// when available, so its wall time and peak RSS are measured). Built once per bench run, on first use;
// dropped when the run ends (cleanup registered with the context).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { importOnlineRetail } from '../../src/importer/online-retail-importer.js';
import { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';
import type { BenchContext } from './bench-context.js';
import { projectRoot } from './project-root.js';
import { createThrowawayDatabase } from './throwaway-postgres.js';

export interface TrainRun {
  wallSeconds: number;
  /** Peak resident set size of the training process (MB), from /usr/bin/time -v; null without it. */
  peakRssMb: number | null;
  /** The CLI's own summary line, e.g. "Trained v… in <seconds> s (wasm backend)". */
  summary: string;
}

export interface TrainedStore {
  dbUrl: string;
  modelsDir: string;
  /** The active version trained by the CLI. */
  version: string;
  /** Users with purchases, in a fixed pseudo-random order. */
  userIds: string[];
  importSeconds: number;
  train: TrainRun;
  /** Registers a copy of the artifact under a new version id (not activated): a second model to swap to. */
  registerCopy(): Promise<string>;
}

const USER_SAMPLE = 2000;
let shared: Promise<TrainedStore> | undefined;

export function trainedStore(ctx: BenchContext): Promise<TrainedStore> {
  const reuse = process.env.BENCH_TRAINED_DATABASE_URL;
  shared ??= reuse ? reuseTrainedStore(reuse, process.env.BENCH_TRAINED_MODELS_DIR, ctx) : buildTrainedStore(ctx);
  return shared;
}

/**
 * A database someone imported and trained before (its active version's artifact in `modelsDir`): a quick look at
 * the serving sections without the import and the several minutes of training. Nothing of it is dropped.
 */
async function reuseTrainedStore(
  dbUrl: string,
  modelsDir: string | undefined,
  ctx: BenchContext,
): Promise<TrainedStore> {
  if (!modelsDir)
    throw new Error('BENCH_TRAINED_DATABASE_URL needs BENCH_TRAINED_MODELS_DIR (the artifacts of its versions)');
  ctx.log(`trained store: reusing ${dbUrl.replace(/\/\/[^@]*@/, '//')} and ${modelsDir}`);
  const ds = await openDataSource({ url: dbUrl, dataDir: 'memory://' });
  try {
    const active = await new ModelVersionRepository(ds).findActive();
    if (!active) throw new Error(`no active model version in ${dbUrl}`);
    return storeOf({
      dbUrl,
      modelsDir,
      version: active.id,
      userIds: await sampleUsers(ds),
      importSeconds: NaN,
      train: { wallSeconds: NaN, peakRssMb: null, summary: `reused ${active.id}` },
    });
  } finally {
    await ds.destroy();
  }
}

/** The fixture in a bench note: how long its import took and what trained it. */
export function describeFixture(store: TrainedStore): string {
  const imported = Number.isNaN(store.importSeconds) ? '' : `import ${store.importSeconds.toFixed(0)} s; `;
  return `Fixture: ${imported}${store.train.summary}.`;
}

/** Users with purchases, in a fixed pseudo-random order. */
async function sampleUsers(ds: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT u.external_id AS id FROM users u WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id)
     ORDER BY md5(u.external_id) LIMIT $1`,
    [USER_SAMPLE],
  );
  return rows.map((r) => r.id);
}

/** A fresh store on `ctx.dataFile` (not the shared one): for sections that compare data sizes. */
export async function buildTrainedStore(ctx: BenchContext): Promise<TrainedStore> {
  const db = await createThrowawayDatabase(ctx.pgAdminUrl, 'trained');
  const modelsDir = mkdtempSync(join(tmpdir(), 'tailor-bench-models-'));
  ctx.onCleanup(async () => {
    await db.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });
  ctx.log(`trained store: importing ${ctx.dataFile}`);
  const ds = await openDataSource({ url: db.url, dataDir: 'memory://' });
  let userIds: string[];
  const t0 = performance.now();
  try {
    await importOnlineRetail(ds, ctx.dataFile);
    userIds = await sampleUsers(ds);
  } finally {
    await ds.destroy();
  }
  const importSeconds = (performance.now() - t0) / 1000;
  ctx.log(`trained store: import done in ${importSeconds.toFixed(0)} s; training with the CLI (several minutes)`);
  const train = await runTrainCli(db.url, modelsDir, ctx);
  ctx.log(
    `trained store: ${train.summary}; wall ${train.wallSeconds.toFixed(0)} s, peak RSS ${train.peakRssMb ?? '?'} MB`,
  );

  const check = await openDataSource({ url: db.url, dataDir: 'memory://' });
  let version: string;
  try {
    const active = await new ModelVersionRepository(check).findActive();
    if (!active) throw new Error('tailor train activated no version');
    version = active.id;
  } finally {
    await check.destroy();
  }
  return storeOf({ dbUrl: db.url, modelsDir, version, userIds, importSeconds, train });
}

function storeOf(fields: Omit<TrainedStore, 'registerCopy'>): TrainedStore {
  const { dbUrl, modelsDir, version } = fields;
  let copies = 0;
  return {
    ...fields,
    async registerCopy() {
      const id = `${version}-copy${++copies}`;
      const dir = join(modelsDir, id);
      await cp(join(modelsDir, version), dir, { recursive: true });
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      manifest.version = id;
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const reg = await openDataSource({ url: dbUrl, dataDir: 'memory://' });
      try {
        const repo = new ModelVersionRepository(reg);
        const original = await repo.findById(version);
        await repo.register({
          id,
          artifactPath: dir,
          manifest: { ...(original?.manifest ?? {}), version: id },
          metrics: original?.metrics ?? {},
          primaryMetric: original?.primaryMetric ?? null,
        });
      } finally {
        await reg.destroy();
      }
      return id;
    },
  };
}

async function runTrainCli(dbUrl: string, modelsDir: string, ctx: BenchContext): Promise<TrainRun> {
  const cli = join(projectRoot(), 'dist', 'training', 'tailor.js');
  const args = [cli, 'train', '--activate', 'always', '--models-dir', modelsDir];
  if (process.env.BENCH_TRAIN_CONFIG) args.push('--config', process.env.BENCH_TRAIN_CONFIG);
  const timed = existsSync('/usr/bin/time');
  const [cmd, argv] = timed ? ['/usr/bin/time', ['-v', process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  const child = spawn(cmd, argv, {
    cwd: projectRoot(),
    env: { ...process.env, DATABASE_URL: dbUrl, MODELS_DIR: modelsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let lastLog = 0;
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-20_000);
    const line = b.toString().trim().split('\n').pop();
    if (line && Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      ctx.log(`train: ${line}`);
    }
  });
  const code = await new Promise<number | null>((res) => child.once('close', res));
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`tailor train exited with ${code}: ${stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return {
    wallSeconds,
    peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null,
    summary: /^Trained .*$/m.exec(stdout)?.[0] ?? 'trained',
  };
}
