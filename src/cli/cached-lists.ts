// Commands that write events around the API (import, prune-events) drop the shared cache afterwards, so running
// services recompute lists and purchase histories from the new data at once instead of after CACHE_TTL_SECONDS.
import type { AppConfig } from '../config/app-config.js';
import {
  dropAllCachedLists,
  dropCachedUsersAt,
  type CacheDropOutcome,
  type CachedListsInvalidation,
} from '../cache/cached-users-flush.js';

type CacheConfig = Pick<AppConfig, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'DATABASE_URL' | 'CACHE_TTL_SECONDS'>;

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PROCESS_OUTPUT: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The shared cache's invalidation (REDIS_URL); undefined without one. */
export function cliCachedLists(config: CacheConfig): CachedListsInvalidation | undefined {
  const url = config.REDIS_URL;
  return url ? { invalidateAll: () => dropCachedUsersAt(url, config.REDIS_KEY_PREFIX) } : undefined;
}

/** Drops the shared cache's lists and reports the outcome (a failure is a warning: the data is written). */
export async function dropCachedListsAfterWrite(config: CacheConfig, out: Output = PROCESS_OUTPUT): Promise<void> {
  const cache = cliCachedLists(config);
  reportCacheDrop(cache ? await dropAllCachedLists(cache) : undefined, config, out);
}

export function reportCacheDrop(
  cache: CacheDropOutcome | undefined,
  config: CacheConfig,
  out: Output = PROCESS_OUTPUT,
): void {
  if (cache && 'error' in cache) {
    out.stderr(
      `warning: cached lists in Redis were not dropped (${cache.error}); they are served for up to ${config.CACHE_TTL_SECONDS} s\n`,
    );
  } else if (cache) {
    out.stdout(`Dropped the cached lists and purchase histories of ${cache.dropped} users (Redis)\n`);
  } else if (config.DATABASE_URL) {
    // Only a service on the same PostgreSQL can be running meanwhile; without Redis its cache is its own.
    out.stdout(
      `No REDIS_URL: a running service keeps lists computed before this write for up to ${config.CACHE_TTL_SECONDS} s\n`,
    );
  }
}
