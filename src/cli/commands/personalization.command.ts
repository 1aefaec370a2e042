// `tailor personalization <userId> [on|off] [--source <name>]`: shows or sets a customer's switch for
// personalisation (docs/privacy.md), e.g. when the customer asks support to stop personalising.
import type { Command } from 'commander';
import { loadAppConfig } from '../../config/app-config.js';
import { dropCachedUserAt } from '../../cache/cached-users-flush.js';
import { openDataSource } from '../../database/data-source.factory.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { parseExternalId } from '../../graphql/external-id.js';
import { parseSource } from '../../personalization/personalization-preference.js';
import { PersonalizationRepository, type StoredPreference } from '../../personalization/personalization.repository.js';
import { UsageError } from '../cli-errors.js';

/** The recorded source of a change made with this command unless --source says otherwise. */
export const CLI_SOURCE = 'cli';

function describe(userId: string, stored: StoredPreference | null): string {
  if (!stored) return `${userId}: personalised (never changed)`;
  const state = stored.personalized ? 'personalised' : 'opted out of personalisation';
  return `${userId}: ${state} since ${stored.changedAt.toISOString()} (source: ${stored.source})`;
}

/** Domain validation errors become usage errors: one line, exit code 2. */
function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof DomainError) throw new UsageError(e.message);
    throw e;
  }
}

export function registerPersonalizationCommand(program: Command): void {
  program
    .command('personalization')
    .description("show a customer's personalisation switch, or set it: off = the customer refuses personalisation")
    .argument('<userId>', 'the external user id')
    .argument('[state]', 'on or off; left out = show the current state')
    .option('--source <name>', 'where the customer asked, recorded with the change', CLI_SOURCE)
    .action(async (rawUserId: string, state: string | undefined, opts: { source: string }) => {
      const userId = validated(() => parseExternalId(rawUserId, 'userId'));
      const source = validated(() => parseSource(opts.source));
      if (state !== undefined && state !== 'on' && state !== 'off') {
        throw new UsageError(`state must be "on" or "off" (got "${state}")`);
      }
      const config = loadAppConfig();
      const ds = await openDataSource({ url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR });
      try {
        const repository = new PersonalizationRepository(ds);
        if (state === undefined) {
          process.stdout.write(`${describe(userId, await repository.find(userId))}\n`);
          return;
        }
        const { preference, changed } = await repository.set({
          userId,
          personalized: state === 'on',
          source,
          changedBy: 'cli',
        });
        process.stdout.write(`${changed ? '' : 'Unchanged: '}${describe(userId, preference)}\n`);
        // A running service never reads an opted-out customer's cached lists; this drops them from Redis too.
        if (changed && config.REDIS_URL) {
          await dropCachedUserAt(config.REDIS_URL, config.REDIS_KEY_PREFIX, userId).catch((e: unknown) =>
            process.stderr.write(
              `warning: the customer's cached lists in Redis were not dropped (${(e as Error).message}); they expire within ${config.CACHE_TTL_SECONDS} s\n`,
            ),
          );
        }
      } finally {
        await ds.destroy();
      }
    });
}
