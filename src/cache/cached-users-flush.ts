import { createClient } from 'redis';
import { CacheKeys } from './cache-keys.js';

/** A connected node-redis client (RESP2 or RESP3: only raw commands are sent). */
interface FlushClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Drops every user's cache hash under `keyPrefix` — the cached lists and the cached purchase history — after
 * writes that bypass the API (a bulk import, an event-retention sweep), which would otherwise be served for up
 * to CACHE_TTL_SECONDS. Every hash the service writes is listed in the users index (cache-keys.ts), so this walks
 * the index instead of scanning the key space; only hashes written before the call started are dropped, so a
 * busy service writing new entries meanwhile cannot keep it going. Running instances drop their local copies
 * through Redis tracking. Returns the number of hashes dropped; a Redis error is thrown.
 */
export async function dropCachedUsers(client: FlushClient, keyPrefix: string, batch = 1000): Promise<number> {
  const index = new CacheKeys(keyPrefix).usersIndex();
  const writtenBefore = Date.now();
  let dropped = 0;
  for (;;) {
    const reply = await client.sendCommand([
      'ZRANGEBYSCORE',
      index,
      '-inf',
      String(writtenBefore),
      'LIMIT',
      '0',
      String(batch),
    ]);
    const users = (reply as unknown[]).map(String);
    if (users.length === 0) return dropped;
    dropped += Number(await client.sendCommand(['UNLINK', ...users]));
    await client.sendCommand(['ZREM', index, ...users]);
  }
}

/** dropCachedUsers over a connection of its own (the CLI's): fails fast when Redis does not answer. */
export async function dropCachedUsersAt(url: string, keyPrefix: string): Promise<number> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await dropCachedUsers(client, keyPrefix);
  } finally {
    await client.close().catch(() => client.destroy());
  }
}
