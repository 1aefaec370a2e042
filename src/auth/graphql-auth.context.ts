import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { DomainError } from '../common/errors/domain-error.js';
import type { AuthService } from './auth.service.js';
import { PRINCIPAL_CONTEXT_KEY, type Principal } from './principal.js';

export interface GraphqlRequestContext {
  req: FastifyRequest;
  [PRINCIPAL_CONTEXT_KEY]: Principal;
}

const HTTP_STATUS: Partial<Record<DomainError['code'], number>> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429 };

/**
 * The GraphQL `context` factory: admits each HTTP request once, before the query is even parsed, so
 * unauthenticated callers learn nothing about the schema and every request counts against the rate
 * limit (including `{ __typename }`, introspection and invalid queries). A rejection becomes a
 * GraphQL error with HTTP 401 / 429 (and Retry-After); its body goes through formatGraphqlError.
 */
export function graphqlAuthContext(auth: AuthService) {
  return async (req: FastifyRequest): Promise<GraphqlRequestContext> => {
    try {
      return { req, [PRINCIPAL_CONTEXT_KEY]: await auth.admit(req.headers) };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw admissionError(e);
    }
  };
}

/** A refused admission as Apollo sends it: HTTP 401 / 429 (with Retry-After), the body through formatGraphqlError. */
export function admissionError(e: DomainError): GraphQLError {
  const headers = new HeaderMap();
  const retryAfter = e.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') headers.set('retry-after', String(retryAfter));
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: { code: e.code, http: { status: HTTP_STATUS[e.code] ?? 400, headers } },
  });
}
