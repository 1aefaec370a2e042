import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error.js';

const logger = new Logger('GraphQL');

// Codes produced by graphql-js / Apollo themselves for malformed requests: safe to pass through.
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
]);

/**
 * The one mapper from thrown errors to what a client sees: domain errors keep their code and message,
 * client mistakes pass through, anything else becomes INTERNAL_SERVER_ERROR with a correlation id
 * (logged with its stack), never a stack trace.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
  }
  // Nest's ValidationPipe / HttpExceptions of 400 are client errors too.
  const status = (original as { status?: number; getStatus?: () => number })?.getStatus?.();
  if (status === 400) {
    const response = (original as { getResponse?: () => unknown }).getResponse?.();
    const msg = (response as { message?: string | string[] })?.message ?? formatted.message;
    return {
      message: Array.isArray(msg) ? msg.join('; ') : String(msg),
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT' },
    };
  }
  const correlationId = randomUUID();
  logger.error(`[${correlationId}] ${(original as Error)?.stack ?? String(original)}`);
  return {
    message: `Internal error (correlation id ${correlationId})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}
