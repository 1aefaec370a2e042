// Hot swap under load: the built server serving the trained model, autocannon mixing cached and
// uncached recommendation requests, and a second registered version activated in the registry
// mid-run (ModelVersionRepository.activate, as `tailor train` does). Every response is checked:
// non-2xx, transport errors and GraphQL errors must all be 0, and the served modelVersion must change.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { openDataSource } from '../src/database/data-source.factory.js';
import { ModelVersionRepository } from '../src/model-registry/model-version.repository.js';
import type { BenchContext, BenchSection } from './support/bench-context.js';
import { fmt, type BenchResult } from './support/report.js';
import { servedVersion, startServingServer, waitForModel } from './support/serving-server.js';
import { trainedStore } from './support/trained-store.js';
import { body, probe, RECOMMENDATIONS_QUERY } from './graphql-load.bench.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_SWAP_DURATION_S ?? 20);

async function runHotSwap(ctx: BenchContext): Promise<BenchResult> {
  const store = await trainedStore(ctx);
  const second = await store.registerCopy();
  // Poll every second so the swap happens well inside the run.
  const server = await startServingServer(ctx, store, { MODEL_POLL_SECONDS: '1' });
  const ds = await openDataSource({ url: store.dbUrl, dataDir: 'memory://' });
  try {
    const headers = { 'content-type': 'application/json', ...server.headers };
    const users = store.userIds;
    await probe(server.url, body(RECOMMENDATIONS_QUERY, { userId: users[0] }), server.headers);
    const seen = new Map<string, number>();
    let graphqlErrors = 0;
    let firstError: string | undefined;
    let next = 0;
    ctx.log(`hotswap: ${CONNECTIONS} connections × ${DURATION_S} s; activating ${second} after ${DURATION_S / 2} s`);
    const run = autocannon({
      url: `${server.url}/graphql`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      method: 'POST',
      requests: [
        {
          method: 'POST',
          headers,
          // Every other request on the cache (a few hot users), the rest bypassing it (many users).
          setupRequest: (req) => {
            const i = next++;
            const bypass = i % 2 === 1;
            const userId = bypass ? users[i % users.length] : users[i % 20];
            return {
              ...req,
              headers: bypass ? { ...headers, 'x-tailor-cache': 'bypass' } : headers,
              body: body(RECOMMENDATIONS_QUERY, { userId }),
            };
          },
          onResponse: (_status, text) => {
            try {
              const json = JSON.parse(text) as {
                errors?: { message: string }[];
                data?: { recommendations?: { modelVersion: string | null } };
              };
              if (json.errors?.length) {
                graphqlErrors++;
                firstError ??= json.errors[0].message;
              }
              const v = json.data?.recommendations?.modelVersion ?? 'none';
              seen.set(v, (seen.get(v) ?? 0) + 1);
            } catch {
              graphqlErrors++;
              firstError ??= `unparsable body: ${text.slice(0, 100)}`;
            }
          },
        },
      ],
    });
    await sleep((DURATION_S * 1000) / 2);
    const before = await servedVersion(server.url, server.adminHeaders);
    const activatedAt = performance.now();
    await new ModelVersionRepository(ds).activate(second);
    await waitForModel(server.url, second, server.adminHeaders, DURATION_S * 1000);
    const swapSeconds = (performance.now() - activatedAt) / 1000;
    const result = await run;
    const after = await servedVersion(server.url, server.adminHeaders);
    const failures = result.errors + result.timeouts + result.non2xx + graphqlErrors;
    const changed = before === store.version && after === second && (seen.get(second) ?? 0) > 0;
    return {
      tables: [
        {
          title: `Hot swap under load (${CONNECTIONS} connections × ${DURATION_S} s, half cached / half uncached)`,
          columns: [
            'requests',
            'req/s',
            'p99 ms',
            'non-2xx',
            'transport errors + timeouts',
            'GraphQL errors',
            'swap seen after',
          ],
          rows: [
            [
              fmt(result.requests.total),
              fmt(result.requests.average),
              fmt(result.latency.p99, 1),
              result.non2xx,
              result.errors + result.timeouts,
              graphqlErrors,
              `${swapSeconds.toFixed(1)} s`,
            ],
          ],
        },
        {
          title: 'Responses by modelVersion',
          columns: ['modelVersion', 'responses'],
          rows: [...seen.entries()].map(([v, n]) => [v, fmt(n)]),
        },
        {
          title: 'Target',
          columns: ['target', 'goal', 'measured', 'verdict'],
          rows: [
            [
              'hot swap under load',
              'zero failed requests, version changes',
              `${failures} failed; ${before} → ${after}`,
              failures === 0 && changed ? 'PASS' : 'FAIL',
            ],
          ],
        },
      ],
      notes: firstError ? [`first GraphQL error: ${firstError}`] : [],
    };
  } finally {
    await ds.destroy();
    await server.stop();
  }
}

export const hotSwapSection: BenchSection = {
  name: 'hotswap',
  title: 'Model hot swap under load',
  run: runHotSwap,
};
