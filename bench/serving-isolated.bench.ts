// The server alone under load: the built server pinned to one core (`taskset`), wrk pinned to another, production
// mode, Online Retail with its trained model (bench/support/trained-store.ts) and real Redis. Request types run
// interleaved, A B C then A B C again, so each round's ratios compare runs measured moments apart; beside wrk's
// req/s and latency percentiles, the server's own event-loop delay and GC pauses over each run (from /metrics)
// and its CPU per request. Targets: bench/support/serving-targets.ts.
import { availableParallelism } from 'node:os';
import { type BenchContext, type BenchSection, SkipSection } from './support/bench-context.js';
import { cpuMicrosPerRequest, processCpuMicros } from './support/process-cpu.js';
import { fmt, type BenchResult } from './support/report.js';
import { runStats, scrapeMetrics } from './support/server-metrics.js';
import { startServingServer } from './support/serving-server.js';
import {
  judgeServing,
  reqPerSecond,
  targetRows,
  type MeasuredRun,
  type RequestKind,
} from './support/serving-targets.js';
import { describeFixture, trainedStore } from './support/trained-store.js';
import { haveWrk, runWrk, type WrkRequest } from './support/wrk.js';
import { body, probe, RECOMMENDATIONS_QUERY } from './graphql-load.bench.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SERVER_CPUS = process.env.BENCH_SERVER_CPUS ?? '0';
const LOAD_CPUS = process.env.BENCH_LOAD_CPUS ?? '1';

const KIND_LABEL: Record<RequestKind, string> = {
  typename: '{ __typename }',
  cached: 'recommendations, cached (one user)',
  uncached: 'recommendations, uncached (users rotate, cache bypassed)',
};

async function runServingIsolated(ctx: BenchContext): Promise<BenchResult> {
  if (!(await haveWrk())) throw new SkipSection('wrk is not installed (Debian: apt-get install wrk)');
  const pinned = availableParallelism() >= 2;
  const store = await trainedStore(ctx);
  const server = await startServingServer(ctx, store, { METRICS_PUBLIC: 'true' }, pinned ? SERVER_CPUS : undefined);
  try {
    const headers = { 'content-type': 'application/json', ...server.headers };
    const hot = body(RECOMMENDATIONS_QUERY, { userId: store.userIds[0] });
    await probe(server.url, hot, server.headers); // fills the hot user's cache entry
    const requests: Record<RequestKind, WrkRequest> = {
      typename: { headers, bodies: [body('{ __typename }')] },
      cached: { headers, bodies: [hot] },
      uncached: {
        headers: { ...headers, 'x-tailor-cache': 'bypass' },
        bodies: store.userIds.map((userId) => body(RECOMMENDATIONS_QUERY, { userId })),
      },
    };
    const kinds = Object.keys(requests) as RequestKind[];
    const wrkOptions = (seconds: number) => ({
      connections: CONNECTIONS,
      seconds,
      cpus: pinned ? LOAD_CPUS : undefined,
    });
    for (const kind of kinds) {
      ctx.log(`serving: warm-up ${KIND_LABEL[kind]}, ${WARMUP_S} s`);
      await runWrk(`${server.url}/graphql`, requests[kind], wrkOptions(WARMUP_S));
    }
    const runs: (MeasuredRun & { cpuMicrosPerRequest?: number })[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of kinds) {
        ctx.log(`serving: round ${round}, ${KIND_LABEL[kind]}, ${CONNECTIONS} connections, ${DURATION_S} s`);
        const before = await scrapeMetrics(server.url);
        const cpuBefore = processCpuMicros(server.pid);
        const load = await runWrk(`${server.url}/graphql`, requests[kind], wrkOptions(DURATION_S));
        const cpuAfter = processCpuMicros(server.pid);
        const after = await scrapeMetrics(server.url);
        const cpu = cpuMicrosPerRequest(cpuBefore, cpuAfter, load.requests);
        runs.push({ kind, round, load, server: runStats(before, after), cpuMicrosPerRequest: cpu });
      }
    }
    const verdicts = judgeServing(runs);
    const floorOf = (round: number) => runs.find((r) => r.round === round && r.kind === 'typename')!;
    return {
      tables: [
        {
          title: `Server ${pinned ? `on CPU ${SERVER_CPUS}, wrk on CPU ${LOAD_CPUS}` : 'and wrk unpinned (one core)'}, ${CONNECTIONS} connections × ${DURATION_S} s per run, model ${store.version}`,
          columns: [
            'round',
            'query',
            'req/s',
            'vs {__typename}',
            'p50 ms',
            'p99 ms',
            'p99.9 ms',
            'errors',
            'CPU µs/req',
            'loop delay p50 / p99 / max ms',
            'GC pauses (ms total)',
          ],
          rows: runs.map((r) => [
            r.round,
            KIND_LABEL[r.kind],
            fmt(reqPerSecond(r.load)),
            `${(reqPerSecond(r.load) / reqPerSecond(floorOf(r.round).load)).toFixed(2)}×`,
            fmt(r.load.p50, 1),
            fmt(r.load.p99, 1),
            fmt(r.load.p999, 1),
            r.load.errors,
            r.cpuMicrosPerRequest === undefined ? 'n/a' : fmt(r.cpuMicrosPerRequest),
            `${fmt(r.server.loopP50, 1)} / ${fmt(r.server.loopP99, 1)} / ${fmt(r.server.loopMax, 1)}`,
            `${r.server.gcCount} (${fmt(r.server.gcMs, 0)})`,
          ]),
        },
        {
          title: 'Targets',
          columns: ['target', 'goal', 'measured', 'verdict'],
          rows: targetRows(verdicts),
        },
      ],
      notes: [
        "Latency percentiles are wrk's (client side, whole request); a request slower than 2 s counts as a time-out (an error).",
        "Loop delay is the server's monitorEventLoopDelay over the run (10 ms sampling), GC the PerformanceObserver pauses; both from /metrics scraped right before and after each run.",
        `Each request type ran ${WARMUP_S} s unmeasured first. Ratios divide by the same round's { __typename }.`,
        describeFixture(store),
      ],
    };
  } finally {
    await server.stop();
  }
}

export const servingIsolatedSection: BenchSection = {
  name: 'serving',
  title: 'The server alone: pinned cores, wrk, event-loop delay and GC',
  run: runServingIsolated,
};
