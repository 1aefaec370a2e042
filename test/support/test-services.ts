// Real PostgreSQL and Redis for integration tests: each jest run gets its own database name prefix
// and Redis key prefix (set by the global setup), and each spec file its own database.
import pg from 'pg';
import { openDataSource } from '../../src/database/data-source.factory.js';
import type { DataSource } from 'typeorm';

export const PG_ADMIN_URL = process.env.TAILOR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.TAILOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function runId(): string {
  const id = process.env.TAILOR_TEST_RUN_ID;
  if (!id) throw new Error('TAILOR_TEST_RUN_ID is not set: run the tests through jest (global setup)');
  return id;
}

/** Redis key prefix unique to this run and spec. */
export function testKeyPrefix(spec: string): string {
  return `tailor-test:${runId()}:${spec}:`;
}

export function databaseUrl(dbName: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** Creates a fresh database for one spec file, with all migrations applied. */
export async function createTestDatabase(spec: string): Promise<TestDatabase> {
  const name = `${runId()}_${spec.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 63);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseUrl(name);
  const dataSource = await openDataSource({ url, dataDir: 'memory://' });
  return {
    name,
    url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
