// `tailor export recommendations|audience|profiles`: records for an email or push tool, as CSV or JSON Lines, to
// a file (written atomically: FILE.tmp renamed when complete) or standard output. Customers who refused
// personalisation are never exported. Progress goes to stderr, so stdout carries only the data.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AUDIENCE_HORIZON_DAYS, EXPORT_AUDIENCE_SIZE_MAX } from '../../audiences/audience-request.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { loadAppConfig } from '../../config/app-config.js';
import { fileSink, streamSink, type ExportSink } from '../../exports/export-sink.js';
import { ExportsModule } from '../../exports/exports.module.js';
import { ExportsService, type ExportJob } from '../../exports/exports.service.js';
import { EXPORT_FORMATS, RecordFormatter, type ExportFormat } from '../../exports/record-format.js';
import { LIST_LIMIT } from '../../recommendations/dto/recommendations.args.js';
import { UsageError } from '../cli-errors.js';
import { wholeNumber } from '../whole-number.js';
import { createProgressReporter } from '../progress-reporter.js';

const KINDS = ['recommendations', 'audience', 'profiles'] as const;
type ExportKind = (typeof KINDS)[number];
/** Placements whose lists need only the customer (PRODUCT and CART need an item or a basket). */
const USER_PLACEMENTS = ['HOME', 'BUY_AGAIN'] as const;

interface ExportFlags {
  format: ExportFormat;
  out?: string;
  placement: (typeof USER_PLACEMENTS)[number];
  segment?: string;
  top: number;
  item?: string[];
  category?: string;
  horizonDays?: number;
  size?: number;
  minPrice?: number;
  maxPrice?: number;
  includePurchased?: boolean;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('stream recommendations, an audience or customer profiles as CSV or JSON Lines (file or stdout)')
    .addArgument(program.createArgument('<kind>', 'what to export').choices(KINDS))
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('--out <file>', 'write here, atomically (FILE.tmp renamed when complete); default: stdout')
    .addOption(
      new Option('--placement <placement>', 'recommendations: the placement').choices(USER_PLACEMENTS).default('HOME'),
    )
    .option(
      '--segment <name>',
      'recommendations, profiles: only customers in this RFM segment, lifecycle stage or value segment',
    )
    .option(
      '--top <n>',
      `recommendations: items per customer (${LIST_LIMIT.min}..${LIST_LIMIT.max})`,
      wholeNumber(LIST_LIMIT.min, LIST_LIMIT.max),
      10,
    )
    .option('--item <id...>', 'audience: target item ids (repeatable)')
    .option('--category <name>', 'audience: target category (instead of --item); recommendations: only this category')
    .option('--min-price <p>', 'recommendations: only items at this price or above', price)
    .option('--max-price <p>', 'recommendations: only items at this price or below', price)
    .option('--include-purchased', 'recommendations: allow items the customer bought (HOME leaves them out)')
    .option(
      '--horizon-days <n>',
      `audience: days ahead (${AUDIENCE_HORIZON_DAYS.min}..${AUDIENCE_HORIZON_DAYS.max}, default ${AUDIENCE_HORIZON_DAYS.default})`,
      wholeNumber(AUDIENCE_HORIZON_DAYS.min, AUDIENCE_HORIZON_DAYS.max),
    )
    .option(
      '--size <n>',
      `audience: customers at most (1..${EXPORT_AUDIENCE_SIZE_MAX}, default 100)`,
      wholeNumber(1, EXPORT_AUDIENCE_SIZE_MAX),
    )
    .action((kind: ExportKind, flags: ExportFlags) => runExport(kind, flags));
}

async function runExport(kind: ExportKind, flags: ExportFlags): Promise<void> {
  checkFlags(kind, flags);
  const out = flags.out === undefined ? undefined : resolve(flags.out);
  if (out !== undefined && !(existsSync(dirname(out)) && statSync(dirname(out)).isDirectory())) {
    throw new UsageError(`--out: directory ${dirname(out)} does not exist`);
  }
  loadAppConfig(); // a bad environment stops here, with the variable named
  Logger.overrideLogger(['warn', 'error']);
  const app = await NestFactory.createApplicationContext(ExportsModule, { logger: ['warn', 'error'] });
  try {
    const job = await exportJob(app.get(ExportsService), kind, flags);
    const started = performance.now();
    const records = await writeExport(job, flags.format, out ? fileSink(out) : streamSink(process.stdout));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `Exported ${records.toLocaleString('en-US')} ${kind} records (${job.total.toLocaleString('en-US')} customers) ` +
        `to ${out ?? 'stdout'} in ${seconds.toFixed(1)} s\n`,
    );
  } finally {
    await app.close();
  }
}

/** A price bound: a finite number ≥ 0. */
function price(value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0) throw new InvalidArgumentError('a price >= 0');
  return p;
}

/** The kinds each optional flag applies to (flags with a default, --format, --out, --placement, --top, are not here). */
const FLAG_KINDS: Record<keyof Omit<ExportFlags, 'format' | 'out' | 'placement' | 'top'>, readonly ExportKind[]> = {
  segment: ['recommendations', 'profiles'],
  item: ['audience'],
  category: ['audience', 'recommendations'],
  horizonDays: ['audience'],
  size: ['audience'],
  minPrice: ['recommendations'],
  maxPrice: ['recommendations'],
  includePurchased: ['recommendations'],
};

function checkFlags(kind: ExportKind, flags: ExportFlags): void {
  for (const [flag, kinds] of Object.entries(FLAG_KINDS) as [keyof typeof FLAG_KINDS, readonly ExportKind[]][]) {
    if (flags[flag] === undefined || kinds.includes(kind)) continue;
    const where = kinds.map((k) => `\`export ${k}\``).join(' and ');
    throw new UsageError(`--${kebab(flag)} applies to ${where}${kinds.length === 1 ? ' only' : ''}`);
  }
  if (kind === 'audience' && (flags.item === undefined) === (flags.category === undefined)) {
    throw new UsageError('export audience needs exactly one of --item or --category');
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

async function exportJob(service: ExportsService, kind: ExportKind, flags: ExportFlags): Promise<ExportJob> {
  try {
    if (kind === 'recommendations') {
      return await service.recommendationsJob({
        placement: flags.placement,
        top: flags.top,
        segment: flags.segment ?? null,
        filter: {
          categories: flags.category === undefined ? null : [flags.category],
          minPrice: flags.minPrice ?? null,
          maxPrice: flags.maxPrice ?? null,
          excludePurchased: flags.includePurchased ? false : null,
        },
      });
    }
    if (kind === 'profiles') return await service.profilesJob(flags.segment ?? null);
    return await service.audienceJob({
      itemIds: flags.item ?? null,
      category: flags.category ?? null,
      horizonDays: flags.horizonDays ?? null,
      size: flags.size ?? null,
    });
  } catch (e) {
    // Bad input found against the data (an unknown item, an empty category): a usage error, not a failure.
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') throw new UsageError(e.message);
    throw e;
  }
}

/** Streams the job through the sink; on any failure the sink is aborted (no partial file). Returns the records. */
export async function writeExport(job: ExportJob, format: ExportFormat, sink: ExportSink): Promise<number> {
  const formatter = new RecordFormatter(format, job.columns);
  const progress = createProgressReporter('export');
  let customers = 0;
  let records = 0;
  try {
    await sink.write(formatter.header());
    for await (const record of job.records(() => customers++)) {
      await sink.write(formatter.line(record));
      records++;
      progress.update({ bytesRead: customers, totalBytes: job.total, rowsRead: records });
    }
    await sink.commit();
    return records;
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    progress.stop();
  }
}
