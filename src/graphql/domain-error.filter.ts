import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError, serviceUnavailable } from '../common/errors/domain-error.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';

/**
 * Every error a GraphQL resolver throws goes straight to formatGraphqlError, the one place that logs
 * unexpected errors (once, with a correlation id); Nest's fallback handler would log each of them a
 * second time with a stack trace, expected client errors (DomainError) included. A database that does
 * not answer becomes SERVICE_UNAVAILABLE (retryable), not a server bug. REST routes keep Nest's handling.
 */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'graphql') return super.catch(error, host);
    if (!(error instanceof DomainError) && isDatabaseUnavailable(error)) return serviceUnavailable();
    return error;
  }
}
