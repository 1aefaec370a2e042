import { ImportFileError } from './import-errors.js';

/**
 * What an import that stopped part-way (a truncated gzip, a lost connection) says besides the cause:
 * where it stopped and what is stored. Bulk loads are one transaction (nothing stored); incremental ones
 * keep their committed batches, and running the same import again resumes (stored events are skipped).
 */
export function stoppedImportError(
  cause: unknown,
  rowsRead: number,
  mode: 'bulk' | 'incremental' | undefined,
  inserted: number,
): Error {
  const message = (cause as Error)?.message ?? String(cause);
  const stored =
    mode === 'incremental'
      ? `${inserted.toLocaleString('en-US')} events of complete batches are stored; run the import again (with the complete file) to resume, stored events are skipped`
      : 'nothing was imported (one transaction, rolled back)';
  const stopped = new ImportFileError(
    `${message}\nstopped after ${rowsRead.toLocaleString('en-US')} data rows; ${stored}`,
  );
  return mode === undefined || !(cause instanceof ImportFileError || cause instanceof Error)
    ? (cause as Error)
    : stopped;
}
