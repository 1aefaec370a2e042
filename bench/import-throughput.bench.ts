// Import throughput: the Online Retail file into a scratch PostgreSQL database (the importer's own
// benchmark creates and drops it), repeated BENCH_IMPORT_REPEATS times; the median is reported.
import { SkipSection, type BenchContext, type BenchSection } from './support/bench-context.js';
import { fmt, median, type BenchResult } from './support/report.js';
import { requirePostgres } from './support/throwaway-postgres.js';

const REPEATS = Math.max(1, Number(process.env.BENCH_IMPORT_REPEATS ?? 3));
const GOAL_ROWS_PER_SECOND = 50_000;

async function run(ctx: BenchContext): Promise<BenchResult> {
  await requirePostgres(ctx.pgAdminUrl);
  const { measureImportThroughput } = await import('./importer/import-throughput.js');
  const rows: (string | number)[][] = [];
  const rates: number[] = [];
  for (let i = 1; i <= REPEATS; i++) {
    ctx.log(`import: run ${i}/${REPEATS}`);
    const r = await measureImportThroughput(ctx.pgAdminUrl, { file: ctx.dataFile });
    if (r.rows === 0) throw new SkipSection('the data file has no rows');
    rates.push(r.rowsPerSecond);
    rows.push([`run ${i}`, fmt(r.rows), fmt(r.summary.imported), fmt(r.seconds, 2), fmt(r.rowsPerSecond)]);
  }
  const m = median(rates);
  rows.push(['median', '', '', '', fmt(m)]);
  return {
    tables: [
      {
        title: `Online Retail → PostgreSQL (rows read per second of wall time; goal ≥ ${fmt(GOAL_ROWS_PER_SECOND)})`,
        columns: ['run', 'rows read', 'events written', 'seconds', 'rows/s'],
        rows,
      },
    ],
    notes: [`median ${fmt(m)} rows/s is ${(m / GOAL_ROWS_PER_SECOND).toFixed(2)}× the goal`],
    figures: [
      {
        measure: 'import, the Online Retail file into PostgreSQL',
        result: `${fmt(m)} rows/s (median of ${REPEATS})`,
        target: `≥ ${fmt(GOAL_ROWS_PER_SECOND)} rows/s`,
        verdict: m >= GOAL_ROWS_PER_SECOND ? 'PASS' : 'FAIL',
      },
    ],
  };
}

export const importThroughputSection: BenchSection = {
  name: 'import',
  title: 'Import throughput (Online Retail → PostgreSQL)',
  run,
};
