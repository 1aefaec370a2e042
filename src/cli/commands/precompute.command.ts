// `tailor precompute [--top N] [--users <active-days>]`: writes HOME lists of active users into the
// shared cache (Redis) with the active model, so their first request is a cache hit. Run it after
// `tailor train` has activated a version (and the service has swapped it in, or will — the entries
// carry the model version in their key, so lists of a model that does not serve are never read).
import type { Command } from 'commander';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '../../config/app-config.js';
import { PrecomputeModule } from '../../precompute/precompute.module.js';
import { PrecomputeService, type PrecomputeSummary } from '../../precompute/precompute.service.js';
import { LIST_LIMIT } from '../../recommendations/dto/recommendations.args.js';
import { UsageError } from '../cli-errors.js';
import { wholeNumber } from '../whole-number.js';

export function formatPrecomputeSummary(s: PrecomputeSummary): string {
  if (s.skipped) return `Precompute skipped: ${s.skipped}\n`;
  return (
    [
      `Precomputed HOME lists with model ${s.modelVersion} in ${s.seconds.toFixed(1)} s`,
      `active users:    ${s.users.toLocaleString('en-US')}`,
      `written:         ${s.written.toLocaleString('en-US')}`,
      `already cached:  ${s.alreadyCached.toLocaleString('en-US')}`,
      `failed:          ${s.failed.toLocaleString('en-US')}${s.firstError ? ` (first: ${s.firstError})` : ''}`,
    ].join('\n') + '\n'
  );
}

export function registerPrecomputeCommand(program: Command): void {
  program
    .command('precompute')
    .description('write top-N HOME recommendations of recently active users into the cache (needs REDIS_URL)')
    .option(
      '--top <n>',
      `list length; requests hit only with the same limit (${LIST_LIMIT.min}..${LIST_LIMIT.max})`,
      wholeNumber(LIST_LIMIT.min, LIST_LIMIT.max),
      10,
    )
    .option(
      '--users <active-days>',
      'users with an event in this many days before the newest event',
      wholeNumber(1, 36_500),
      30,
    )
    .option('--concurrency <n>', 'users computed at once', wholeNumber(1, 64), 4)
    .action(async (flags: { top: number; users: number; concurrency: number }) => {
      const config = loadAppConfig();
      if (!config.REDIS_URL) {
        throw new UsageError('precompute needs REDIS_URL: without it the cache lives inside each server process');
      }
      Logger.overrideLogger(['warn', 'error']);
      const app = await NestFactory.createApplicationContext(PrecomputeModule, { logger: ['warn', 'error'] });
      try {
        let lastLog = 0;
        const summary = await app.get(PrecomputeService).run({
          top: flags.top,
          activeDays: flags.users,
          concurrency: flags.concurrency,
          onProgress: (done, total) => {
            if (Date.now() - lastLog < 5000 && done < total) return;
            lastLog = Date.now();
            process.stderr.write(`precompute: ${done}/${total} users\n`);
          },
        });
        process.stdout.write(formatPrecomputeSummary(summary));
        if (summary.failed > 0 && summary.written === 0) throw new Error(`every list failed: ${summary.firstError}`);
      } finally {
        await app.close();
      }
    });
}
