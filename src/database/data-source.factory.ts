import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities/index.js';
import { ALL_MIGRATIONS } from './migrations/index.js';

export interface DatabaseTarget {
  /** PostgreSQL URL; undefined selects the embedded PGlite store. */
  url?: string;
  /** Directory of the embedded store (ignored with a URL); `memory://` keeps it in memory. */
  dataDir: string;
}

/**
 * Limits of the service's PostgreSQL pool (the CLI and the training job run long statements and go
 * without). Without them a PostgreSQL that accepts connections but never answers holds every request,
 * and /health with them, for as long as the outage lasts.
 */
export interface DatabaseTimeouts {
  /** Connecting, and waiting for a free pooled connection (pg-pool's connectionTimeoutMillis). */
  connectMs: number;
  /** Server-side statement_timeout; the client gives up (query_timeout) a second later if no answer comes. */
  statementMs: number;
  /** idle_in_transaction_session_timeout: a transaction left open by a stalled client ends. */
  idleInTransactionMs: number;
}

/** Extra milliseconds the client waits after statement_timeout, so a live server cancels first (clean error). */
const CLIENT_GRACE_MS = 1000;

export function describeDatabase(target: DatabaseTarget): string {
  if (target.url) return `postgres ${target.url.replace(/\/\/[^@/]*@/, '//***@')}`;
  return `embedded PGlite (${target.dataDir === 'memory://' ? 'in memory' : resolve(target.dataDir, 'pgdata')})`;
}

/** Builds the TypeORM options for a real PostgreSQL server or the embedded PGlite store. Never synchronizes. */
export async function buildDataSourceOptions(
  target: DatabaseTarget,
  timeouts?: DatabaseTimeouts,
): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };
  if (target.url) {
    const limits = timeouts && {
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      // Idle pooled connections are closed after a while, so a restarted server leaves no dead ones behind.
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    };
    return { ...common, url: target.url, extra: { max: 10, ...limits } };
  }
  const { PGliteDriver } = await import('typeorm-pglite');
  let dataDir: string | undefined;
  if (target.dataDir !== 'memory://') {
    dataDir = resolve(target.dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  return { ...common, driver: new PGliteDriver(dataDir ? { dataDir } : {}).driver };
}

/** Opens the database and applies pending migrations. */
export async function openDataSource(target: DatabaseTarget, timeouts?: DatabaseTimeouts): Promise<DataSource> {
  const ds = new DataSource(await buildDataSourceOptions(target, timeouts));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } catch (e) {
    await ds.destroy().catch(() => undefined);
    throw e;
  }
  return ds;
}
