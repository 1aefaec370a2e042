import pg from 'pg';
import { createClient } from 'redis';

// Self-contained: jest loads global hooks outside its module mapper, so no relative imports here.
export default async function globalTeardown(): Promise<void> {
  const id = process.env.TAILOR_TEST_RUN_ID;
  if (!id) return;
  const pgUrl = process.env.TAILOR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: pgUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${id}\\_%`,
    ]);
    for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  } catch (e) {
    console.warn(`teardown: could not drop test databases: ${String(e)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = createClient({ url: process.env.TAILOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `tailor-test:${id}:*`, COUNT: 1000 })) {
      if (keys.length) await redis.del(keys);
    }
  } catch (e) {
    console.warn(`teardown: could not clean Redis keys: ${String(e)}`);
  } finally {
    if (redis.isOpen) await redis.quit();
  }
}
