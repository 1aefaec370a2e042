// Commands that write events around the API (import, prune-events) drop the shared cache afterwards, so running
// services recompute lists and purchase histories from the new data at once instead of after CACHE_TTL_SECONDS.
import type { AppConfig } from '../config/app-config.js';
import { dropCachedUsersAt } from '../cache/cached-users-flush.js';
import type { CachedListsInvalidation, PruneSummary } from '../privacy/event-retention.service.js';

type CacheConfig = Pick<AppConfig, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'DATABASE_URL' | 'CACHE_TTL_SECONDS'>;

/** The shared cache's invalidation (REDIS_URL); undefined without one. */
export function cliCachedLists(config: CacheConfig): CachedListsInvalidation | undefined {
  const url = config.REDIS_URL;
  return url ? { invalidateAll: () => dropCachedUsersAt(url, config.REDIS_KEY_PREFIX) } : undefined;
}

/** Drops the shared cache's lists and reports the outcome (a failure is a warning: the data is written). */
export async function dropCachedListsAfterWrite(
  config: CacheConfig,
  out: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<void> {
  const cache = cliCachedLists(config);
  if (!cache) {
    reportCacheDrop(undefined, config, out);
    return;
  }
  try {
    reportCacheDrop({ dropped: await cache.invalidateAll() }, config, out);
  } catch (e) {
    reportCacheDrop({ error: (e as Error).message }, config, out);
  }
}

export function reportCacheDrop(
  cache: PruneSummary['cache'],
  config: CacheConfig,
  out: { stdout: (text: string) => void; stderr: (text: string) => void },
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
