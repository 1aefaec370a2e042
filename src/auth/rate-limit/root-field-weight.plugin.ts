import type { ApolloServerPlugin } from '@apollo/server';
import { countRootFields } from '../../graphql/root-field-count.js';
import type { AuthService } from '../auth.service.js';
import { PRINCIPAL_CONTEXT_KEY, type AuthContext } from '../principal.js';
import { admissionError } from '../graphql-auth.context.js';
import { rateLimitedError } from './rate-limited.error.js';

/**
 * A request counts against the rate limit once when it is admitted (graphql-auth.context.ts), before
 * parsing. Once the operation is known, each further root field — every alias of `recommendations`
 * included — counts once more: 450 aliases in one request cost what 450 requests cost, so batching
 * work into aliases does not get around the limit.
 */
export function rootFieldWeightPlugin(auth: AuthService): ApolloServerPlugin<AuthContext> {
  return {
    requestDidStart: async () => ({
      async didResolveOperation({ document, operation, contextValue }) {
        const principal = contextValue[PRINCIPAL_CONTEXT_KEY];
        if (!operation || !principal || principal.via === 'open' || !auth.rateLimit.enabled) return;
        const extra = countRootFields(document, operation) - 1;
        if (extra <= 0) return;
        const decision = await auth.rateLimit.consumeMany(principal.id, extra);
        if (!decision.allowed) throw admissionError(rateLimitedError(auth.rateLimit.limit, decision.retryAfterSeconds));
      },
    }),
  };
}
