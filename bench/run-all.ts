// `npm run bench [-- <section> ...]`: runs the benchmark sections in one process and prints one
// report. Sections are independent; a section whose prerequisites are missing is reported as
// skipped, a failing one as failed (exit code 1), and the others still run.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SkipSection, type BenchContext, type BenchSection } from './support/bench-context.js';
import { projectRoot } from './support/project-root.js';
import { renderResult } from './support/report.js';
import {
  benchCommand,
  describeMachine,
  figuresOf,
  mergeFigures,
  readFigures,
  renderFiguresMarkdown,
  type BenchFigure,
} from './support/figures.js';
import { graphqlLoadSection } from './graphql-load.bench.js';
import { servingIsolatedSection } from './serving-isolated.bench.js';
import { importThroughputSection } from './import-throughput.bench.js';
import { modelQualitySection } from './model-quality.bench.js';
import { trainedModelsSection } from './trained-models.bench.js';
import { scoringSection } from './scoring.bench.js';
import { hotSwapSection } from './hot-swap.bench.js';
import { trainingSection } from './training.bench.js';
import { reshapedQualitySection } from './reshaped-quality.bench.js';
import { scaleSection } from './scale.bench.js';
import { audienceSection } from './audience.bench.js';

// Add a section here: { name, title, run(ctx) => { tables, notes } }. Sections load their heavy
// modules lazily inside run(), so selecting one does not pay for the others.
export const SECTIONS: BenchSection[] = [
  importThroughputSection,
  graphqlLoadSection,
  servingIsolatedSection,
  modelQualitySection,
  reshapedQualitySection,
  trainedModelsSection,
  scoringSection,
  hotSwapSection,
  trainingSection,
  scaleSection,
  audienceSection,
];

const cleanups: (() => Promise<void>)[] = [];

function context(): BenchContext {
  const dataFile = process.env.BENCH_DATA_FILE ?? join(projectRoot(), 'data', 'demo', 'online_retail.csv.gz');
  if (!existsSync(dataFile)) throw new Error(`data file not found: ${dataFile} (set BENCH_DATA_FILE)`);
  return {
    pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    dataFile,
    log: (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`),
    onCleanup: (fn) => cleanups.push(fn),
  };
}

export async function runAll(selected: string[]): Promise<number> {
  const unknown = selected.filter((s) => !SECTIONS.some((x) => x.name === s));
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}; available: ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const sections = selected.length ? SECTIONS.filter((s) => selected.includes(s.name)) : SECTIONS;
  const ctx = context();
  const summary: string[] = [];
  const figures: Record<string, BenchFigure[]> = {};
  let failed = 0;
  const started = new Date();
  console.log(`Tailor benchmarks — node ${process.version}, ${started.toISOString()}`);
  for (const section of sections) {
    console.log(`\n=== ${section.title} [${section.name}] ===`);
    const t0 = performance.now();
    try {
      const result = await section.run(ctx);
      console.log(renderResult(result));
      figures[section.name] = figuresOf(result);
      summary.push(`${section.name}: ok (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    } catch (e) {
      if (e instanceof SkipSection) {
        console.log(`skipped: ${e.message}`);
        summary.push(`${section.name}: skipped`);
      } else {
        failed++;
        console.log(`FAILED: ${(e as Error).stack ?? String(e)}`);
        summary.push(`${section.name}: FAILED`);
      }
    }
  }
  for (const fn of cleanups.splice(0).reverse()) {
    await fn().catch((e: unknown) => ctx.log(`cleanup failed: ${(e as Error).message}`));
  }
  console.log(`\n${summary.join('; ')}`);
  const written = await writeFigures(figures, {
    date: started.toISOString().slice(0, 10),
    machine: describeMachine(),
    command: benchCommand(selected),
  });
  if (written) console.log(`figures: ${written}`);
  return failed ? 1 : 0;
}

/**
 * Updates the table of current figures (default docs/benchmarks.md; BENCH_FIGURES_FILE=none writes nothing): the
 * sections of this run replace their rows, the others keep theirs. Returns the file written, if any.
 */
async function writeFigures(
  measured: Record<string, BenchFigure[]>,
  run: { date: string; machine: string; command: string },
): Promise<string | null> {
  const file = process.env.BENCH_FIGURES_FILE ?? join(projectRoot(), 'docs', 'benchmarks.md');
  if (file === 'none' || Object.values(measured).every((f) => f.length === 0)) return null;
  const previous = existsSync(file) ? readFigures(await readFile(file, 'utf8')) : {};
  const order = SECTIONS.map((s) => s.name);
  await writeFile(file, renderFiguresMarkdown(mergeFigures(previous, measured, run, order), order));
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAll(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
