// What every benchmark section gets: where the real services are, and a logger for progress lines.

export interface BenchContext {
  /** Admin URL of a PostgreSQL server (throwaway databases are created and dropped through it). */
  pgAdminUrl: string;
  /** Redis URL; sections write under a unique key prefix and delete it afterwards. */
  redisUrl: string;
  /** The Online Retail gzip CSV (the copy shipped in data/demo/ by default). */
  dataFile: string;
  /** Progress line on stderr, so that stdout keeps only the report. */
  log(message: string): void;
  /** Runs `fn` when the whole bench run ends (shared fixtures: throwaway databases, temp dirs). */
  onCleanup(fn: () => Promise<void>): void;
}

export interface BenchSection {
  /** Selector on the command line: `npm run bench -- <name> ...`. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<import('./report.js').BenchResult>;
}

/** Thrown by a section whose prerequisites are missing (e.g. PostgreSQL unreachable): reported, not fatal. */
export class SkipSection extends Error {}
