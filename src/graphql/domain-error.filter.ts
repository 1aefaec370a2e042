import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Expected client errors (DomainError) go straight to formatGraphqlError. Without this filter Nest's
 * fallback handler logs each of them as an ERROR with a stack trace, burying real failures.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError, _host: ArgumentsHost): DomainError {
    return error;
  }
}
