import { createClient } from 'redis';
import { CacheKeys } from './cache-keys.js';
import { CommandDeadline } from './command-deadline.js';
import { failFastClientOptions } from '../redis/fail-fast-client.js';

/** Drops every user's cached lists and history (RecommendationCacheService in the service, Redis in the CLI). */
export interface CachedListsInvalidation {
  invalidateAll(): Promise<number>;
}

/** Users whose cached lists and purchase history were dropped, or why they could not be. */
export type CacheDropOutcome = { dropped: number } | { error: string };

/** invalidateAll with its failure as an outcome: after a bulk write the data stands whatever the cache says. */
export async function dropAllCachedLists(cache: CachedListsInvalidation): Promise<CacheDropOutcome> {
  try {
    return { dropped: await cache.invalidateAll() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A connected node-redis client (RESP2 or RESP3: only raw commands are sent). */
interface FlushClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Drops every user's cache hash under `keyPrefix` — the cached lists and the cached purchase history — after
 * writes that bypass the API (a bulk import, an event-retention sweep), which would otherwise be served for up
 * to CACHE_TTL_SECONDS. Every hash the service writes is listed in the users index (cache-keys.ts), so this walks
 * the index instead of scanning the key space: oldest first, as many as the index held when it started, so a
 * busy service writing new entries meanwhile cannot keep it going (the writers' clocks play no part; a fresh
 * entry dropped on the way is only computed again). Running instances drop their local copies through Redis
 * tracking. Returns the number of hashes dropped; a Redis error is thrown.
 */
export async function dropCachedUsers(client: FlushClient, keyPrefix: string, batch = 1000): Promise<number> {
  const index = new CacheKeys(keyPrefix).usersIndex();
  let remaining = Number(await client.sendCommand(['ZCARD', index]));
  let dropped = 0;
  while (remaining > 0) {
    const take = Math.min(batch, remaining);
    const users = ((await client.sendCommand(['ZRANGE', index, '0', String(take - 1)])) as unknown[]).map(String);
    if (users.length === 0) break;
    dropped += Number(await client.sendCommand(['UNLINK', ...users]));
    await client.sendCommand(['ZREM', index, ...users]);
    remaining -= users.length;
  }
  return dropped;
}

/** How long the CLI waits for Redis to connect or answer one command before it gives up on the drop. */
export const CLI_REDIS_COMMAND_TIMEOUT_MS = 5000;

/**
 * dropCachedUsers over a connection of its own (the CLI's): fails fast when Redis does not answer. Connecting
 * and every command have a deadline, so a Redis that accepts the connection and then hangs (or a black-holed
 * network) ends the drop with an error instead of holding the command that wrote the data forever.
 */
export async function dropCachedUsersAt(
  url: string,
  keyPrefix: string,
  commandTimeoutMs = CLI_REDIS_COMMAND_TIMEOUT_MS,
): Promise<number> {
  return withCliRedis(url, commandTimeoutMs, (client) => dropCachedUsers(client, keyPrefix));
}

/** One user's cached lists and purchase history over the CLI's own connection (same deadlines as above). */
export async function dropCachedUserAt(
  url: string,
  keyPrefix: string,
  userId: string,
  commandTimeoutMs = CLI_REDIS_COMMAND_TIMEOUT_MS,
): Promise<void> {
  const keys = new CacheKeys(keyPrefix);
  const hash = keys.userRecommendations(userId);
  await withCliRedis(url, commandTimeoutMs, async (client) => {
    await client.sendCommand(['DEL', hash]);
    await client.sendCommand(['ZREM', keys.usersIndex(), hash]);
  });
}

async function withCliRedis<T>(
  url: string,
  commandTimeoutMs: number,
  work: (client: FlushClient) => Promise<T>,
): Promise<T> {
  const options = failFastClientOptions(url, commandTimeoutMs);
  // A one-off command reports a lost connection instead of reconnecting in the background.
  const client = createClient({ ...options, socket: { ...options.socket, reconnectStrategy: false } });
  client.on('error', () => undefined);
  const deadline = new CommandDeadline(commandTimeoutMs);
  try {
    // connect() also waits for the handshake's replies, which the socket's connectTimeout does not cover.
    await deadline.run(client.connect());
    return await work({ sendCommand: (args) => deadline.run(client.sendCommand(args)) });
  } finally {
    // close() waits for pending replies: after a missed deadline there is one that may never come.
    if (deadline.pending > 0 || !client.isReady) destroyQuietly(client);
    else await client.close().catch(() => destroyQuietly(client));
  }
}

function destroyQuietly(client: { isOpen: boolean; destroy(): void }): void {
  if (client.isOpen) client.destroy();
}
