// Audiences and export on the full Online Retail file. Online Retail is imported into a throwaway PostgreSQL
// database; the purchases of the last AUDIENCE_HORIZON_DAYS are read out and deleted (the held-out period), and the
// real training job trains on what remains. Then, for the items with the most held-out buyers:
//   precision@100 of the audience (the served model in reverse, AudiencesService) against who bought each item in
//   the held-out period, beside the popularity-of-buyer baseline (most orders before the cut first), both leaving
//   out the customers who bought the item in the horizon before the cut;
// and `tailor export recommendations --top 10` (HOME, every customer of the calibration data) as a child process
// under /usr/bin/time -v: wall time and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { projectRoot } from './support/project-root.js';
import type { BenchResult } from './support/report.js';
import { createThrowawayDatabase } from './support/throwaway-postgres.js';

const HORIZON_DAYS = 30;
const AUDIENCE = 100;
const ITEMS = Number(process.env.BENCH_AUDIENCE_ITEMS ?? 10);
const DAY_MS = 86_400_000;

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { openDataSource } = await import('../src/database/data-source.factory.js');
  const { importOnlineRetail } = await import('../src/importer/online-retail-importer.js');
  const { loadTrainConfig } = await import('../training/train-config.js');
  const { runTrainJob } = await import('../training/train-job.js');
  const { silentTrainProgress } = await import('../training/train-progress.js');
  const { precisionAtN } = await import('../src/ml/audience/audience-precision.js');
  const { buyerFrequencyAudience } = await import('../src/ml/audience/buyer-frequency-baseline.js');

  const db = await createThrowawayDatabase(ctx.pgAdminUrl, 'audience');
  const modelsDir = mkdtempSync(join(tmpdir(), 'tailor-bench-audience-'));
  ctx.onCleanup(async () => {
    await db.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });
  const ds = await openDataSource({ url: db.url, dataDir: 'memory://' });
  let cutMs: number;
  const heldOut = new Map<string, Set<string>>();
  let customers: number;
  let trainSeconds: number;
  try {
    ctx.log(`audience: importing ${ctx.dataFile}`);
    await importOnlineRetail(ds, ctx.dataFile);
    const [{ ms }] = await ds.query(`SELECT extract(epoch FROM max(occurred_at)) * 1000 AS ms FROM events`);
    cutMs = Number(ms) - HORIZON_DAYS * DAY_MS;
    const rows: { item: string; user: string }[] = await ds.query(
      `SELECT DISTINCT i.external_id AS item, u.external_id AS user
         FROM events e JOIN items i ON i.id = e.item_id JOIN users u ON u.id = e.user_id
        WHERE e.type = 'purchase' AND e.occurred_at > to_timestamp($1 / 1000.0)`,
      [cutMs],
    );
    for (const r of rows) {
      if (!heldOut.has(r.item)) heldOut.set(r.item, new Set());
      heldOut.get(r.item)!.add(r.user);
    }
    await ds.query(`DELETE FROM events WHERE occurred_at > to_timestamp($1 / 1000.0)`, [cutMs]);
    [{ customers }] = await ds.query(
      `SELECT count(DISTINCT user_id)::int AS customers FROM events WHERE type = 'purchase'`,
    );
    ctx.log(
      `audience: ${rows.length} held-out (customer, item) pairs after ${new Date(cutMs).toISOString()}; training`,
    );
    const t0 = performance.now();
    await runTrainJob(ds, loadTrainConfig(undefined, { modelsDir, activate: 'always' }), silentTrainProgress);
    trainSeconds = (performance.now() - t0) / 1000;
  } finally {
    await ds.destroy();
  }

  const audienceRows = await evaluateAudiences(ctx, db.url, modelsDir, cutMs, heldOut, {
    precisionAtN,
    buyerFrequencyAudience,
  });
  const meanOf = (k: 'model' | 'baseline') => audienceRows.reduce((s, r) => s + r[k], 0) / audienceRows.length;
  const model = meanOf('model');
  const baseline = meanOf('baseline');

  ctx.log('audience: timing tailor export recommendations --top 10');
  const exported = await timeExport(db.url, modelsDir);
  return {
    tables: [
      {
        title: `precision@${AUDIENCE} of audiences against held-out buyers (${HORIZON_DAYS} days after the cut)`,
        columns: ['item', 'held-out buyers', 'audience (model)', 'baseline (most orders)', 'audience seconds'],
        rows: audienceRows.map((r) => [
          r.item,
          String(r.buyers),
          r.model.toFixed(2),
          r.baseline.toFixed(2),
          r.seconds.toFixed(1),
        ]),
      },
    ],
    notes: [
      `cut at ${new Date(cutMs).toISOString()}; model trained on the purchases before it in ${trainSeconds.toFixed(0)} s`,
      `mean precision@${AUDIENCE}: audience ${model.toFixed(3)}, baseline ${baseline.toFixed(3)} (${(model / baseline).toFixed(1)}×) over the ${audienceRows.length} items with the most held-out buyers`,
      `export of HOME top-10 for ${customers} customers: ${exported.seconds.toFixed(1)} s wall, peak RSS ${exported.peakRssMb ?? '?'} MB, ${exported.bytes} bytes`,
    ],
    figures: [
      {
        measure: `audience precision@${AUDIENCE}, model / buyer-frequency baseline`,
        result: `${model.toFixed(3)} / ${baseline.toFixed(3)} (${(model / baseline).toFixed(1)}×)`,
        target: '≥ 2× the baseline',
        verdict: model >= 2 * baseline ? 'PASS' : 'FAIL',
      },
      {
        measure: `tailor export recommendations --top 10 (${customers} customers)`,
        result: `${exported.seconds.toFixed(1)} s, ${exported.peakRssMb ?? '?'} MB peak RSS`,
        target: '≤ 60 s',
        verdict: exported.seconds <= 60 ? 'PASS' : 'FAIL',
      },
    ],
  };
}

interface AudienceRow {
  item: string;
  buyers: number;
  model: number;
  baseline: number;
  seconds: number;
}

async function evaluateAudiences(
  ctx: BenchContext,
  dbUrl: string,
  modelsDir: string,
  cutMs: number,
  heldOut: Map<string, Set<string>>,
  ml: {
    precisionAtN: typeof import('../src/ml/audience/audience-precision.js').precisionAtN;
    buyerFrequencyAudience: typeof import('../src/ml/audience/buyer-frequency-baseline.js').buyerFrequencyAudience;
  },
): Promise<AudienceRow[]> {
  const { NestFactory } = await import('@nestjs/core');
  const { DataSource } = await import('typeorm');
  const { ExportsModule } = await import('../src/exports/exports.module.js');
  const { AudiencesService } = await import('../src/audiences/audiences.service.js');
  const saved = { ...process.env };
  Object.assign(process.env, { DATABASE_URL: dbUrl, MODELS_DIR: modelsDir, LOG_LEVEL: 'error' });
  delete process.env.REDIS_URL;
  const app = await NestFactory.createApplicationContext(ExportsModule, { logger: ['error'] });
  try {
    const ds = app.get(DataSource);
    const orders: { userId: string; orders: number }[] = await ds.query(
      `SELECT u.external_id AS "userId", count(DISTINCT coalesce(e.basket_id, e.id::text))::int AS orders
         FROM events e JOIN users u ON u.id = e.user_id WHERE e.type = 'purchase' GROUP BY 1`,
    );
    const items = [...heldOut.entries()]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .slice(0, ITEMS);
    const rows: AudienceRow[] = [];
    for (const [item, buyers] of items) {
      const t0 = performance.now();
      const audience = await app
        .get(AudiencesService)
        .build({ itemIds: [item], horizonDays: HORIZON_DAYS, size: AUDIENCE });
      const seconds = (performance.now() - t0) / 1000;
      const recent: { id: string }[] = await ds.query(
        `SELECT DISTINCT u.external_id AS id FROM events e JOIN items i ON i.id = e.item_id JOIN users u ON u.id = e.user_id
          WHERE e.type = 'purchase' AND i.external_id = $1 AND e.occurred_at > to_timestamp($2 / 1000.0)`,
        [item, cutMs - HORIZON_DAYS * DAY_MS],
      );
      const baseline = ml.buyerFrequencyAudience(orders, AUDIENCE, new Set(recent.map((r) => r.id)));
      const row = {
        item,
        buyers: buyers.size,
        model: ml.precisionAtN(
          audience.members.map((m) => m.userId),
          buyers,
          AUDIENCE,
        ),
        baseline: ml.precisionAtN(baseline, buyers, AUDIENCE),
        seconds,
      };
      ctx.log(
        `audience: ${item} model ${row.model.toFixed(2)} baseline ${row.baseline.toFixed(2)} (${seconds.toFixed(1)} s)`,
      );
      rows.push(row);
    }
    return rows;
  } finally {
    await app.close();
    process.env = saved;
  }
}

async function timeExport(
  dbUrl: string,
  modelsDir: string,
): Promise<{ seconds: number; peakRssMb: number | null; bytes: number }> {
  const out = join(modelsDir, 'home-top10.csv');
  const args = [
    join(projectRoot(), 'dist', 'training', 'tailor.js'),
    'export',
    'recommendations',
    '--top',
    '10',
    '--out',
    out,
  ];
  const timed = existsSync('/usr/bin/time');
  const [cmd, argv] = timed ? ['/usr/bin/time', ['-v', process.execPath, ...args]] : [process.execPath, args];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, MODELS_DIR: modelsDir, NODE_ENV: 'production' };
  delete env.REDIS_URL;
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: projectRoot(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((res) => child.once('close', res));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`tailor export exited with ${code}: ${stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { seconds, peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, bytes: statSync(out).size };
}

export const audienceSection: BenchSection = {
  name: 'audience',
  title: 'Audiences (held-out precision) and batch export on Online Retail',
  run,
};
