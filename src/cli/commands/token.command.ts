// `tailor token --role admin --ttl 3600 [--sub name]`: mints a signed token with ADMIN_TOKEN_SECRET.
import { InvalidArgumentError, type Command } from 'commander';
import { signToken } from '../../auth/signed-token.js';
import { isCallerRole, type CallerRole } from '../../auth/roles.js';
import { loadAppConfig } from '../../config/app-config.js';
import { UsageError } from '../cli-errors.js';

const MAX_TTL_SECONDS = 366 * 24 * 3600;

function ttl(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TTL_SECONDS) {
    throw new InvalidArgumentError(`a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  return n;
}

function role(value: string): CallerRole {
  if (!isCallerRole(value)) throw new InvalidArgumentError('admin or storefront');
  return value;
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a signed access token (needs ADMIN_TOKEN_SECRET, the same as the service)')
    .option('--role <role>', 'admin or storefront', role, 'admin' as CallerRole)
    .option('--ttl <seconds>', 'lifetime in seconds', ttl, 3600)
    .option('--sub <name>', 'who the token is for (shows in logs; rate limits are per subject)', 'cli')
    .action((opts: { role: CallerRole; ttl: number; sub: string }) => {
      const secret = loadAppConfig().ADMIN_TOKEN_SECRET;
      if (!secret)
        throw new UsageError('ADMIN_TOKEN_SECRET is not set: tokens need the secret the service verifies them with');
      if (opts.sub.length < 1 || opts.sub.length > 128) throw new UsageError('--sub must be 1 to 128 characters');
      const token = signToken({ sub: opts.sub, role: opts.role, ttlSeconds: opts.ttl }, secret);
      // Only the token on stdout, so `TOKEN=$(npx tailor token)` works; the note goes to stderr.
      process.stdout.write(`${token}\n`);
      const expires = new Date(Date.now() + opts.ttl * 1000).toISOString();
      process.stderr.write(`${opts.role} token for "${opts.sub}", expires ${expires}\n`);
    });
}
