// `tailor prune-events [--days <n>] [--dry-run]`: event retention (docs/privacy.md).
import { InvalidArgumentError, type Command } from 'commander';
import { loadAppConfig } from '../../config/app-config.js';
import { describeDatabase, openDataSource } from '../../database/data-source.factory.js';
import { EventRetentionService } from '../../privacy/event-retention.service.js';
import { PrivacyRepository } from '../../privacy/privacy.repository.js';
import { cliCachedLists, reportCacheDrop } from '../cached-lists.js';
import { UsageError } from '../cli-errors.js';

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_500)
    throw new InvalidArgumentError('a whole number of days from 1 to 36500');
  return n;
}

export function registerPruneEventsCommand(program: Command): void {
  program
    .command('prune-events')
    .description(
      'delete events older than EVENT_RETENTION_DAYS (or --days), counted back from now, and users left without events',
    )
    .option('--days <n>', 'retention in days for this run (default: EVENT_RETENTION_DAYS)', days)
    .option('--dry-run', 'only count the events that would be deleted')
    .action(async (opts: { days?: number; dryRun?: boolean }) => {
      const config = loadAppConfig();
      const retention = opts.days ?? config.EVENT_RETENTION_DAYS;
      if (retention === 0) {
        throw new UsageError('retention is off (EVENT_RETENTION_DAYS=0, keep forever): set it or pass --days <n>');
      }
      const target = { url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR };
      const ds = await openDataSource(target);
      try {
        // Built without Nest: the sweep schedule does not matter for a one-off run.
        const service = new EventRetentionService(
          new PrivacyRepository(ds),
          { EVENT_RETENTION_DAYS: retention, RETENTION_SWEEP_MINUTES: 0 },
          cliCachedLists(config),
        );
        const s = await service.prune({ days: retention, dryRun: opts.dryRun });
        const before = `before ${s.cutoff.toISOString()} (${s.retentionDays} days) in ${describeDatabase(target)}`;
        process.stdout.write(
          s.dryRun
            ? `Would delete ${s.events} events ${before}\n`
            : `Deleted ${s.events} events ${before} and ${s.users} users left without events\n`,
        );
        if (!s.dryRun && s.events > 0) reportCacheDrop(s.cache, config);
      } finally {
        await ds.destroy();
      }
    });
}
