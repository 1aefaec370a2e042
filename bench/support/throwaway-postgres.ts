// Throwaway PostgreSQL databases for benchmarks: created with a unique name, always dropped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SkipSection } from './bench-context.js';

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Throws SkipSection when the server does not answer, so the section is reported as skipped. */
export async function requirePostgres(adminUrl: string): Promise<void> {
  try {
    await withAdmin(adminUrl, (c) => c.query('SELECT 1'));
  } catch (e) {
    throw new SkipSection(`PostgreSQL unreachable at ${redact(adminUrl)} (${(e as Error).message})`);
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Runs `fn` with the URL of a fresh, empty database that is dropped afterwards (also on failure). */
export async function withThrowawayDatabase<T>(
  adminUrl: string,
  label: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  await requirePostgres(adminUrl);
  const name = `tailor_bench_${label}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.slice(0, 63);
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** A throwaway database that outlives one call (shared by several sections); `drop()` removes it. */
export async function createThrowawayDatabase(
  adminUrl: string,
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  await requirePostgres(adminUrl);
  const name = `tailor_bench_${label}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.slice(0, 63);
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
