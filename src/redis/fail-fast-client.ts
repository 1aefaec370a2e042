import { createClient } from 'redis';

/**
 * Connection options of every Redis client of the service: no offline queue (a command while Redis is away
 * fails at once instead of waiting), no node-redis command timeout (an AbortSignal per command; wrap commands
 * in a CommandDeadline instead), and reconnection in the background, backing off to 5 s, so requests never
 * wait for it.
 */
export function failFastClientOptions(url: string, commandTimeoutMs: number) {
  return {
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: Math.max(1000, commandTimeoutMs),
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5000),
    },
  };
}

export function createFailFastClient(url: string, commandTimeoutMs: number) {
  return createClient(failFastClientOptions(url, commandTimeoutMs));
}

export type RedisClient = ReturnType<typeof createFailFastClient>;
