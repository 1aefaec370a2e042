// How events reach the table. Two modes, chosen per import:
// - bulk, when the events table is empty (first import, zero-setup start): one transaction that
//   drops the events foreign keys and secondary indexes, inserts, and recreates them. PostgreSQL's
//   "Populating a Database" advice: per-row foreign-key checks and index updates cost ~10 s of
//   PostgreSQL CPU for the Online Retail file, rebuilding them afterwards well under 2 s. If the
//   import fails, the transaction rolls back and the schema is exactly as before.
//   Other sessions wait for the events table while it runs.
// - incremental, otherwise: batches commit one by one on parallel connections, so readers
//   are never blocked and an interrupted import keeps what it wrote (re-running resumes).
import type { DataSource } from 'typeorm';
import { ImportRepository } from './import.repository.js';

export interface EventLoad {
  mode: 'bulk' | 'incremental';
  writers: ImportRepository[];
  /** Recreates what bulk mode dropped and commits; closes extra connections. */
  finish(): Promise<void>;
  /** Rolls back (bulk) and closes extra connections; never throws. */
  abort(): Promise<void>;
}

export interface EventLoadOptions {
  /** false: never use bulk mode. Default: bulk when the events table is empty. */
  bulk?: boolean;
  writers?: number;
}

export async function startEventLoad(
  dataSource: DataSource,
  repo: ImportRepository,
  options: EventLoadOptions,
): Promise<EventLoad> {
  if (options.bulk !== false && (await repo.isEventsTableEmpty())) {
    await repo.begin();
    try {
      const restore = await repo.suspendEventConstraints();
      return {
        mode: 'bulk',
        writers: [repo],
        finish: async () => {
          await repo.runStatements(restore);
          await repo.commit();
          // Fresh statistics at once, so the first queries after a bulk load get good plans.
          await repo.runStatements(['ANALYZE events', 'ANALYZE items', 'ANALYZE users']);
        },
        abort: async () => {
          await repo.rollback().catch(() => undefined);
        },
      };
    } catch (e) {
      await repo.rollback().catch(() => undefined);
      throw e;
    }
  }
  const writers: ImportRepository[] = [];
  const closeAll = () => Promise.all(writers.map((w) => w.close().catch(() => undefined)));
  try {
    const n = Math.max(1, options.writers ?? ImportRepository.defaultWriters(dataSource));
    for (let i = 0; i < n; i++) writers.push(await ImportRepository.open(dataSource));
  } catch (e) {
    await closeAll();
    throw e;
  }
  return {
    mode: 'incremental',
    writers,
    finish: async () => void (await closeAll()),
    abort: async () => void (await closeAll()),
  };
}
