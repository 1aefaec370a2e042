// What an import did, for the CLI, the zero-setup start and the benchmark.
import type { DateWindow } from './import-limits.js';

export interface MalformedRow {
  file: string;
  line: number;
  message: string;
}

export interface ImportSummary {
  /** Data rows read (headers excluded), over all files of the import. */
  rowsRead: number;
  /** Rows written: new events, plus item rows for an items file. */
  imported: number;
  /** Rows not imported, by reason; `already_imported` are events a previous import wrote. */
  skipped: Record<string, number>;
  /** Distinct items the import created or updated. */
  items: number;
  /** Distinct users the import created or updated. */
  users: number;
  seconds: number;
  /** The first few malformed or out-of-range rows, with their line numbers. */
  malformedSamples?: MalformedRow[];
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Rows per INSERT (default 5,000). */
  batchSize?: number;
  /** Connections inserting events in parallel (default 2 on PostgreSQL, 1 on the embedded PGlite). */
  writers?: number;
  /** false: never use the bulk mode (see event-load.ts). Default: bulk when the events table is empty. */
  bulk?: boolean;
  /** Event times accepted; others are skipped as `date_out_of_range`. Default: 1990-01-01 to now + 10 min. */
  dateWindow?: DateWindow;
}

export const MAX_MALFORMED_SAMPLES = 5;

/** Counts skipped rows by reason and keeps the first malformed ones. */
export class SkipTally {
  readonly counts: Record<string, number> = {};
  readonly samples: MalformedRow[] = [];

  add(reason: string, n = 1): void {
    if (n > 0) this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }

  malformed(file: string, line: number, message: string): void {
    this.reject('malformed', file, line, message);
  }

  /** A skipped row worth showing with its line number (malformed, out-of-range date). */
  reject(reason: string, file: string, line: number, message: string): void {
    this.add(reason);
    if (this.samples.length < MAX_MALFORMED_SAMPLES) this.samples.push({ file, line, message });
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

const num = (n: number) => n.toLocaleString('en-US');

/** Human-readable summary, one fact per line. */
export function formatImportSummary(s: ImportSummary): string {
  const skippedTotal = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const rate = s.seconds > 0 ? Math.round(s.rowsRead / s.seconds) : s.rowsRead;
  const lines = [
    `rows read:  ${num(s.rowsRead)}`,
    `imported:   ${num(s.imported)}`,
    `skipped:    ${num(skippedTotal)}`,
  ];
  const reasons = Object.entries(s.skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = Math.max(0, ...reasons.map(([r]) => r.length));
  for (const [reason, n] of reasons) lines.push(`  ${reason.padEnd(width)}  ${num(n)}`);
  lines.push(`items:      ${num(s.items)}`);
  lines.push(`users:      ${num(s.users)}`);
  lines.push(`time:       ${s.seconds.toFixed(1)} s (${num(rate)} rows/s)`);
  const samples = s.malformedSamples ?? [];
  if (samples.length > 0) {
    lines.push(`rows skipped with a reason to show (first ${samples.length}):`);
    for (const m of samples) lines.push(`  ${m.file}:${m.line}: ${m.message}`);
  }
  return lines.join('\n');
}
