// GraphQL load: the built server on real PostgreSQL (Online Retail imported into a throwaway
// database) and real Redis (unique key prefix), driven by autocannon from this process.
// Three runs in one server life, so their ratios are comparable on a shared machine:
//   1. `{ __typename }`                       – the floor: HTTP + GraphQL execution, no I/O
//   2. recommendations for one user, cached   – the Redis/in-process cache hit path
//   3. recommendations rotating over users with the cache bypassed – the full candidate/score path
import autocannon, { type RequestOptions, type Result } from 'autocannon';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { openDataSource } from '../src/database/data-source.factory.js';
import { importOnlineRetail } from '../src/importer/online-retail-importer.js';
import { SkipSection, type BenchContext, type BenchSection } from './support/bench-context.js';
import { fmt, ratio, type BenchResult } from './support/report.js';
import { startServer } from './support/server-process.js';
import { withThrowawayDatabase } from './support/throwaway-postgres.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const USER_SAMPLE = 2000;

// The header the cache layer honours to skip both reading and writing the cache (docs/parts/api.md).
const CACHE_BYPASS_HEADER = { 'x-tailor-cache': 'bypass' };

const TYPENAME_QUERY = '{ __typename }';
const RECOMMENDATIONS_QUERY = `query Recs($userId: ID!) {
  recommendations(userId: $userId, limit: 10) { requestId cached coldStart items { score source item { id title } } }
}`;

interface LoadRun {
  label: string;
  result: Result;
}

function body(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify(variables ? { query, variables } : { query });
}

/** One request before the load run: fails loudly on a GraphQL error instead of benchmarking errors. */
async function probe(url: string, payload: string, headers: Record<string, string> = {}): Promise<GraphqlResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  const json = (await res.json()) as GraphqlResponse;
  if (res.status !== 200 || json.errors?.length) {
    throw new Error(`probe failed (${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  }
  return json;
}

interface GraphqlResponse {
  data?: { recommendations?: { cached: boolean; coldStart: boolean; items: unknown[] } };
  errors?: { message: string }[];
}

/** The runs must measure what their labels say: a cache hit, a miss with a non-empty personal list. */
function expectRecommendations(r: GraphqlResponse, cached: boolean, what: string): void {
  const recs = r.data?.recommendations;
  if (!recs || recs.cached !== cached || recs.coldStart || recs.items.length === 0) {
    throw new Error(`${what}: unexpected response ${JSON.stringify(r).slice(0, 300)}`);
  }
}

async function load(url: string, label: string, request: RequestOptions, log: (m: string) => void): Promise<LoadRun> {
  log(`graphql: ${label}: ${CONNECTIONS} connections, ${DURATION_S} s`);
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', ...request }],
  });
  if (result.errors || result.timeouts || result.non2xx) {
    log(`graphql: ${label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  }
  return { label, result };
}

async function runGraphqlLoad(ctx: BenchContext): Promise<BenchResult> {
  return withThrowawayDatabase(ctx.pgAdminUrl, 'graphql', async (dbUrl) => {
    const redis = createClient({ url: ctx.redisUrl });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (e) {
      throw new SkipSection(`Redis unreachable at ${ctx.redisUrl} (${(e as Error).message})`);
    }
    const prefix = `tailor-bench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
    try {
      ctx.log(`graphql: importing ${ctx.dataFile} into a throwaway database`);
      const ds = await openDataSource({ url: dbUrl, dataDir: 'memory://' });
      let userIds: string[];
      const t0 = performance.now();
      try {
        await importOnlineRetail(ds, ctx.dataFile);
        const rows: { id: string }[] = await ds.query(
          `SELECT u.external_id AS id FROM users u WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id)
           ORDER BY md5(u.external_id) LIMIT $1`,
          [USER_SAMPLE],
        );
        userIds = rows.map((r) => r.id);
      } finally {
        await ds.destroy();
      }
      ctx.log(
        `graphql: import done in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${userIds.length} users sampled`,
      );
      if (userIds.length === 0) throw new Error('no users after import');

      const server = await startServer({
        DATABASE_URL: dbUrl,
        REDIS_URL: ctx.redisUrl,
        REDIS_KEY_PREFIX: prefix,
        DEMO_DATA: 'false',
      });
      try {
        const hotUser = userIds[0];
        const hotBody = body(RECOMMENDATIONS_QUERY, { userId: hotUser });
        await probe(server.url, body(TYPENAME_QUERY));
        await probe(server.url, hotBody); // warms the cache for the hot user
        expectRecommendations(await probe(server.url, hotBody), true, 'cached probe');
        const bypassed = await probe(server.url, hotBody, CACHE_BYPASS_HEADER);
        expectRecommendations(bypassed, false, 'bypass probe');

        const runs: LoadRun[] = [];
        runs.push(await load(server.url, '{ __typename }', { body: body(TYPENAME_QUERY) }, ctx.log));
        runs.push(await load(server.url, 'recommendations, cached (one user)', { body: hotBody }, ctx.log));
        let next = 0;
        runs.push(
          await load(
            server.url,
            `recommendations, uncached (${userIds.length} users, cache bypassed)`,
            {
              headers: { 'content-type': 'application/json', ...CACHE_BYPASS_HEADER },
              setupRequest: (req) => ({
                ...req,
                body: body(RECOMMENDATIONS_QUERY, { userId: userIds[next++ % userIds.length] }),
              }),
            },
            ctx.log,
          ),
        );

        const base = runs[0].result.requests.average;
        const baseP50 = runs[0].result.latency.p50;
        return {
          tables: [
            {
              title: `GraphQL over HTTP, ${CONNECTIONS} connections × ${DURATION_S} s each (server + load generator share the machine)`,
              columns: ['query', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs {__typename}', 'p50 vs {__typename}', 'errors'],
              rows: runs.map(({ label, result: r }) => [
                label,
                fmt(r.requests.average),
                fmt(r.latency.p50, 1),
                fmt(r.latency.p99, 1),
                ratio(r.requests.average, base),
                ratio(r.latency.p50, baseP50),
                r.errors + r.timeouts + r.non2xx,
              ]),
            },
          ],
          notes: [
            'req/s is the mean of per-second samples; p50/p99 are autocannon latency percentiles.',
            'Compare ratios within one run only: the load generator competes with the server for the same cores.',
          ],
        };
      } finally {
        await server.stop();
      }
    } finally {
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        if (keys.length) await redis.del(keys);
      }
      await redis.quit();
    }
  });
}

export const graphqlLoadSection: BenchSection = {
  name: 'graphql',
  title: 'GraphQL load (autocannon)',
  run: runGraphqlLoad,
};
