// `npm run chaos`: fault scenarios against the built server (a child process in production mode) under a
// steady load of events and recommendation reads. Redis is a redis-server of this run's own (killed with
// SIGKILL, frozen with SIGSTOP); PostgreSQL is the local server behind a TCP proxy that refuses or
// freezes. Clients retry a refused event (503 SERVICE_UNAVAILABLE) as a storefront would; at the end every
// acknowledged event must be in the database, and no request may take longer than the deadline the
// configured timeouts imply. Not part of `npm test`: it takes about a minute and kills processes.
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { fmt, percentile, renderTable } from '../support/report.js';
import { freePort, startServer } from '../support/server-process.js';
import { createThrowawayDatabase } from '../support/throwaway-postgres.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const PG_ADMIN_URL = process.env.TAILOR_CHAOS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEY = 'chaos-storefront-key-0123456789';
const CONNECT_MS = 1000;
const STATEMENT_MS = 1500;
const REDIS_MS = 250;
// The longest a request may take: waiting for a connection, then two statements in turn (catalog lookup
// and insert), each bounded by statement_timeout plus the client's 1 s grace (docs/ops.md).
const DEADLINE_MS = CONNECT_MS + 2 * (STATEMENT_MS + 1000);
const SENDERS = 4;
const FAULT_MS = 4000;
const CALM_MS = 2000;

interface Scenario {
  name: string;
  fault(): Promise<void> | void;
  heal(): Promise<void> | void;
}

interface Tally {
  requests: number;
  ok: number;
  unavailable: number;
  other: number;
  latencies: number[];
}

async function main(): Promise<void> {
  const db = await createThrowawayDatabase(PG_ADMIN_URL, 'chaos');
  const cleanups: (() => Promise<void>)[] = [db.drop];
  try {
    const seed = await openDataSource({ url: db.url, dataDir: 'memory://' });
    await seed.query(`INSERT INTO items (external_id, title) VALUES ('chaos-item', 'Chaos item')`);
    await seed.destroy();

    const redis: RedisProcess = await startRedisProcess(await freePort());
    cleanups.unshift(redis.stop);
    const target = new URL(db.url);
    const proxy: FaultProxy = await startFaultProxy(target.hostname, Number(target.port || 5432));
    cleanups.unshift(proxy.close);
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);

    const server = await startServer({
      DATABASE_URL: proxied.toString(),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'tailor-chaos:',
      REDIS_COMMAND_TIMEOUT_MS: String(REDIS_MS),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: KEY,
      RATE_LIMIT_PER_MINUTE: '10000000',
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      HEALTH_TIMEOUT_MS: '1000',
      DEMO_DATA: 'false',
      DEMO_TRAIN: 'false',
      LOG_LEVEL: 'error',
    });
    cleanups.unshift(server.stop);

    const acknowledged = new Set<string>();
    let current: Tally = newTally();
    let sequence = 0;
    let running = true;
    const timedPost = async (body: object): Promise<{ status: number; json: unknown }> => {
      const started = performance.now();
      const tally = current;
      tally.requests++;
      try {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify(body),
        });
        const json = await res.json();
        if (res.status === 200 && !(json as { errors?: unknown }).errors) tally.ok++;
        else if (res.status === 503) tally.unavailable++;
        else tally.other++;
        return { status: res.status, json };
      } catch {
        tally.other++;
        return { status: 0, json: null };
      } finally {
        tally.latencies.push(performance.now() - started);
      }
    };
    const sender = async (n: number) => {
      while (running) {
        const eventId = `chaos-${n}-${sequence++}`;
        const event = { eventId, userId: `shopper-${n}`, itemId: 'chaos-item', type: 'PURCHASE' };
        // Retried until acknowledged, as a storefront would after a 503 (same eventId: stored at most once).
        for (;;) {
          const r = await timedPost({
            query: 'mutation R($e: EventInput!) { recordEvent(input: $e) }',
            variables: { e: event },
          });
          if ((r.json as { data?: { recordEvent?: boolean } } | null)?.data?.recordEvent === true) {
            acknowledged.add(eventId);
            break;
          }
          await sleep(200);
        }
        await timedPost({ query: `{ recommendations(userId: "shopper-${n}", limit: 5) { requestId } }` });
      }
    };

    const scenarios: Scenario[] = [
      { name: 'baseline', fault: () => undefined, heal: () => undefined },
      { name: 'redis killed', fault: () => redis.kill(), heal: () => redis.restart() },
      { name: 'redis frozen (SIGSTOP)', fault: () => redis.freeze(), heal: () => redis.thaw() },
      { name: 'postgres refused', fault: () => proxy.refuse(), heal: () => proxy.heal() },
      { name: 'postgres frozen', fault: () => proxy.freeze(), heal: () => proxy.heal() },
    ];
    const rows: (string | number)[][] = [];
    const senders = Array.from({ length: SENDERS }, (_, n) => sender(n));
    for (const s of scenarios) {
      current = newTally();
      await s.fault();
      await sleep(FAULT_MS);
      await s.heal();
      await sleep(CALM_MS);
      const t = current;
      rows.push([
        s.name,
        t.requests,
        t.ok,
        t.unavailable,
        t.other,
        fmt(percentile(t.latencies, 99)),
        fmt(Math.max(...t.latencies)),
      ]);
    }
    running = false;
    await Promise.all(senders);

    const stored = new Set(
      (await query<{ event_key: string }>(db.url, `SELECT event_key FROM events WHERE event_key LIKE 'chaos-%'`)).map(
        (r) => r.event_key,
      ),
    );
    const lost = [...acknowledged].filter((k) => !stored.has(k)).length;
    const slowest = Math.max(...rows.map((r) => Number(String(r[6]).replace(/,/g, ''))));
    console.log(
      renderTable({
        title: `Chaos run: ${SENDERS} clients, each fault held ${FAULT_MS / 1000} s then ${CALM_MS / 1000} s to recover; deadline ${DEADLINE_MS} ms`,
        columns: ['scenario', 'requests', 'ok', '503', 'other', 'p99 ms', 'max ms'],
        rows,
      }),
    );
    console.log(
      `\nevents acknowledged: ${acknowledged.size}, stored: ${stored.size}, lost: ${lost}; slowest request ${fmt(slowest)} ms (deadline ${DEADLINE_MS} ms)`,
    );
    const passed = lost === 0 && slowest <= DEADLINE_MS;
    console.log(passed ? 'PASS' : 'FAIL');
    process.exitCode = passed ? 0 : 1;
  } finally {
    for (const c of cleanups) await c().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
  }
}

function newTally(): Tally {
  return { requests: 0, ok: 0, unavailable: 0, other: 0, latencies: [] };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
