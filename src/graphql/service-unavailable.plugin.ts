import type { ApolloServerPlugin } from '@apollo/server';

/**
 * A response carrying a SERVICE_UNAVAILABLE error (src/common/errors/domain-error.ts) is sent as HTTP
 * 503 with Retry-After, the signal HTTP clients and proxies already treat as "retry later".
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const outage = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
        if (!outage) return;
        response.http.status = 503;
        const retryAfter = outage.extensions?.retryAfterSeconds;
        if (typeof retryAfter === 'number') response.http.headers.set('retry-after', String(retryAfter));
      },
    }),
  };
}
