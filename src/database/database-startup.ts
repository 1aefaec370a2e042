import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { describeDatabase, openDataSource, type DatabaseTarget, type DatabaseTimeouts } from './data-source.factory.js';

/** The database stayed unreachable for the whole start-up wait; the message says where and why. */
export class DatabaseStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseStartupError';
    // Nest logs a failed provider with its stack; for an unreachable database the stack is noise.
    this.stack = `${this.name}: ${message}`;
  }
}

export interface StartupRetry {
  /** Give up once this much time has passed since the first attempt. */
  waitMs: number;
  /** Pause between attempts. */
  intervalMs: number;
  log: (line: string) => void;
  /** Opens the database (tests substitute a failing one). */
  open?: (target: DatabaseTarget, timeouts: DatabaseTimeouts) => Promise<DataSource>;
}

/**
 * Opens the database, retrying while it is unreachable (refused, or accepting without answering: the
 * connect timeout ends each attempt) with one log line per attempt, for at most `waitMs`. Errors that
 * retrying cannot fix (wrong password, missing database, a failing migration) end the start at once.
 */
export async function openDataSourceWithRetry(
  target: DatabaseTarget,
  timeouts: DatabaseTimeouts,
  retry: StartupRetry,
): Promise<DataSource> {
  const open = retry.open ?? openDataSource;
  const started = performance.now();
  const where = describeDatabase(target);
  for (let attempt = 1; ; attempt++) {
    try {
      return await open(target, timeouts);
    } catch (e) {
      const reason = (e as Error)?.message || String(e);
      if (!isDatabaseUnavailable(e)) throw new DatabaseStartupError(`Cannot use ${where}: ${reason}`);
      const waited = performance.now() - started;
      if (waited + retry.intervalMs > retry.waitMs) {
        throw new DatabaseStartupError(
          `${where} unreachable for ${Math.round(waited / 1000)} s (${attempt} attempts, last: ${reason}); giving up (DATABASE_STARTUP_WAIT_SECONDS)`,
        );
      }
      retry.log(
        `${where} unreachable (${reason}); attempt ${attempt}, retrying in ${retry.intervalMs / 1000} s for up to ${Math.round((retry.waitMs - waited) / 1000)} s more`,
      );
      await new Promise((r) => setTimeout(r, retry.intervalMs));
    }
  }
}
