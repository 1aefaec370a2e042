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

export function describeDatabase(target: DatabaseTarget): string {
  if (target.url) return `postgres ${target.url.replace(/\/\/[^@/]*@/, '//***@')}`;
  return `embedded PGlite (${target.dataDir === 'memory://' ? 'in memory' : resolve(target.dataDir, 'pgdata')})`;
}

/** Builds the TypeORM options for a real PostgreSQL server or the embedded PGlite store. Never synchronizes. */
export async function buildDataSourceOptions(target: DatabaseTarget): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };
  if (target.url) {
    return { ...common, url: target.url, extra: { max: 10 } };
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
export async function openDataSource(target: DatabaseTarget): Promise<DataSource> {
  const ds = new DataSource(await buildDataSourceOptions(target));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
