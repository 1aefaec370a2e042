// Scale: the shop at 1× and at k× (BENCH_SCALE_COPIES, default 10) side by side. The k× file is k renamed copies of
// Online Retail (bench/support/scaled-online-retail.ts: independent shops, dates shifted by hours); each size is
// imported into its own throwaway database, trained by the real CLI (wall time and peak RSS under /usr/bin/time),
// and served by the built server, timed from launch until it serves the trained model; then one uncached request at a
// time (cache bypassed) over up to BENCH_SCALE_REQUESTS users gives the request latency. Load average beside each.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { fmt, percentile, type BenchResult } from './support/report.js';
import { writeScaledOnlineRetail } from './support/scaled-online-retail.js';
import { startServingServer } from './support/serving-server.js';
import { buildTrainedStore, type TrainedStore } from './support/trained-store.js';
import { body, RECOMMENDATIONS_QUERY } from './graphql-load.bench.js';

const COPIES = Math.max(2, Number(process.env.BENCH_SCALE_COPIES ?? 10));
const REQUESTS = Math.max(10, Number(process.env.BENCH_SCALE_REQUESTS ?? 300));

interface SizeFigures {
  label: string;
  rows: number;
  store: TrainedStore;
  serveStartSeconds: number;
  latencies: number[];
  load: { import: number; train: number; serve: number };
}

const load1 = () => loadavg()[0];

async function measureSize(ctx: BenchContext, label: string, dataFile: string, rows: number): Promise<SizeFigures> {
  ctx.log(`scale ${label}: import and train ${dataFile}`);
  const loadBefore = load1();
  const store = await buildTrainedStore({ ...ctx, dataFile });
  const loadTrain = load1();
  const t0 = performance.now();
  const server = await startServingServer(ctx, store);
  const serveStartSeconds = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  try {
    const headers = { 'content-type': 'application/json', 'x-tailor-cache': 'bypass', ...server.headers };
    for (const userId of store.userIds.slice(0, REQUESTS)) {
      const t = performance.now();
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers,
        body: body(RECOMMENDATIONS_QUERY, { userId }),
      });
      const json = (await res.json()) as { errors?: unknown; data?: { recommendations?: { items: unknown[] } } };
      latencies.push(performance.now() - t);
      if (json.errors || !json.data?.recommendations) throw new Error(`request failed: ${JSON.stringify(json)}`);
    }
  } finally {
    await server.stop();
  }
  return {
    label,
    rows,
    store,
    serveStartSeconds,
    latencies,
    load: { import: loadBefore, train: loadTrain, serve: load1() },
  };
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tailor-scale-'));
  ctx.onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const scaled = join(dir, `online-retail-${COPIES}x.csv.gz`);
  ctx.log(`scale: writing ${COPIES} renamed copies of ${ctx.dataFile}`);
  const rows = await writeScaledOnlineRetail(ctx.dataFile, scaled, COPIES);
  const sizes = [
    await measureSize(ctx, '1×', ctx.dataFile, rows / COPIES),
    await measureSize(ctx, `${COPIES}×`, scaled, rows),
  ];
  const col = (f: (s: SizeFigures) => string) => sizes.map(f);
  return {
    tables: [
      {
        title: `Online Retail at 1× and ${COPIES}× (targets at 10×: train ≤ 30 min and ≤ 4 GB, import ≥ 50k rows/s, serving start ≤ 60 s, uncached p99 ≤ 50 ms)`,
        columns: ['figure', ...sizes.map((s) => s.label)],
        rows: [
          ['rows in the file', ...col((s) => fmt(s.rows))],
          [
            'import seconds (load average)',
            ...col((s) => `${fmt(s.store.importSeconds, 1)} (${fmt(s.load.import, 1)})`),
          ],
          ['import rows/s', ...col((s) => fmt(s.rows / s.store.importSeconds))],
          [
            'tailor train seconds (load average)',
            ...col((s) => `${fmt(s.store.train.wallSeconds)} (${fmt(s.load.train, 1)})`),
          ],
          [
            'tailor train peak RSS MB',
            ...col((s) => (s.store.train.peakRssMb === null ? 'n/a' : fmt(s.store.train.peakRssMb))),
          ],
          [
            'serving start → model served, s (load average)',
            ...col((s) => `${fmt(s.serveStartSeconds, 1)} (${fmt(s.load.serve, 1)})`),
          ],
          ['uncached request p50 ms', ...col((s) => fmt(percentile(s.latencies, 50), 1))],
          ['uncached request p99 ms', ...col((s) => fmt(percentile(s.latencies, 99), 1))],
        ],
      },
    ],
    notes: [
      ...sizes.map((s) => `${s.label}: ${s.store.train.summary}`),
      `${REQUESTS} sequential uncached requests per size (one at a time, cache bypassed); quality through the API is measured separately (docs/ops.md)`,
    ],
  };
}

export const scaleSection: BenchSection = {
  name: 'scale',
  title: `Scale: 1× and ${COPIES}× Online Retail (import, train, serve)`,
  run,
};
