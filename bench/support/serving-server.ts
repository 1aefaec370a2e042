// The built server on the trained store, with keys on (the storefront key is what a shop sends) and a
// rate limit far above the load, waiting until the trained model serves.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { SkipSection, type BenchContext } from './bench-context.js';
import { waitForIdleProcess } from './process-cpu.js';
import { startServer, type RunningServer } from './server-process.js';
import type { TrainedStore } from './trained-store.js';

export const BENCH_STOREFRONT_KEY = 'bench-storefront-key-0123456789';
const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface ServingServer extends RunningServer {
  /** Headers of a storefront client (the key when BENCH_AUTH=keys, the default). */
  headers: Record<string, string>;
  /** Headers of an admin (the key when BENCH_AUTH=keys): /health names the served model to admins only. */
  adminHeaders: Record<string, string>;
  auth: 'keys' | 'open';
}

/** Requires Redis (reported as a skipped section otherwise); its keys are removed on stop. */
export async function startServingServer(
  ctx: BenchContext,
  store: TrainedStore,
  env: Record<string, string> = {},
  cpus?: string,
): Promise<ServingServer> {
  const redis = createClient({ url: ctx.redisUrl });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (e) {
    throw new SkipSection(`Redis unreachable at ${ctx.redisUrl} (${(e as Error).message})`);
  }
  const prefix = `tailor-bench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
  const auth = process.env.BENCH_AUTH === 'open' ? 'open' : 'keys';
  const server = await startServer(
    {
      DATABASE_URL: store.dbUrl,
      REDIS_URL: ctx.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      MODELS_DIR: store.modelsDir,
      DEMO_DATA: 'false',
      AUTH_MODE: auth,
      ...(auth === 'keys' ? { STOREFRONT_API_KEYS: BENCH_STOREFRONT_KEY, ADMIN_API_KEYS: BENCH_ADMIN_KEY } : {}),
      RATE_LIMIT_PER_MINUTE: '10000000',
      ...env,
    },
    undefined,
    cpus,
  );
  const stop = async () => {
    await server.stop();
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length) await redis.del(keys);
    }
    await redis.quit();
  };
  const adminHeaders: Record<string, string> = auth === 'keys' ? { 'x-api-key': BENCH_ADMIN_KEY } : {};
  try {
    await waitForModel(server.url, store.version, adminHeaders);
    await waitForIdleProcess(server.pid, ctx.log);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: server.url,
    pid: server.pid,
    stop,
    auth,
    headers: auth === 'keys' ? { 'x-api-key': BENCH_STOREFRONT_KEY } : {},
    adminHeaders,
  };
}

/** /health names the served model to an admin: "serving <version>". */
export async function servedVersion(url: string, adminHeaders: Record<string, string>): Promise<string | null> {
  const health = (await (await fetch(`${url}/health`, { headers: adminHeaders })).json()) as {
    components?: { model?: { detail?: string } };
  };
  return /^serving (\S+)/.exec(health.components?.model?.detail ?? '')?.[1] ?? null;
}

export async function waitForModel(
  url: string,
  version: string,
  adminHeaders: Record<string, string>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await servedVersion(url, adminHeaders)) === version) return;
    await sleep(250);
  }
  const health = await (await fetch(`${url}/health`, { headers: adminHeaders })).text().catch((e: Error) => e.message);
  throw new Error(`the server did not serve model ${version} within ${timeoutMs} ms; /health: ${health.slice(0, 500)}`);
}
