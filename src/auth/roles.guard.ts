import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { DomainError } from '../common/errors/domain-error.js';
import { AuthService } from './auth.service.js';
import { PRINCIPAL_CONTEXT_KEY, type AuthContext } from './principal.js';
import { roleAllows, ROLES_METADATA, type Role } from './roles.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The global guard (APP_GUARD). GraphQL: for each root field, the caller admitted by the context
 * factory must have the role named by @Roles on the resolver method (or class); unmarked means admin.
 * Nested field resolvers are covered by their root field. REST: unmarked handlers need admin too,
 * @Public() ones (health) need nothing; REST requests are not rate limited.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  // Resolver methods are few and fixed: remember each one's role instead of reflecting per call.
  private readonly required = new Map<object, Role | undefined>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      if (!ROOT_TYPES.has(gql.getInfo<{ parentType: { name: string } }>().parentType.name)) return true;
      const principal = gql.getContext<AuthContext>()[PRINCIPAL_CONTEXT_KEY];
      return this.check(this.roleOf(context), principal?.role, principal !== undefined);
    }
    if (context.getType() === 'http') {
      const role = this.roleOf(context);
      if (role === 'public') return true;
      // REST errors are HTTP exceptions (401 / 403 JSON bodies), not GraphQL ones.
      const headers = context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers;
      try {
        return this.check(role, this.auth.authenticate(headers).role, true);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        throw e.code === 'FORBIDDEN' ? new ForbiddenException(e.message) : new UnauthorizedException(e.message);
      }
    }
    return false;
  }

  private check(required: Role | undefined, caller: 'storefront' | 'admin' | undefined, known: boolean): boolean {
    if (roleAllows(required, caller)) return true;
    if (!known) throw new DomainError('UNAUTHENTICATED', 'Missing API key');
    throw new DomainError('FORBIDDEN', `This operation needs the ${required ?? 'admin'} role; your key is ${caller}`);
  }

  private roleOf(context: ExecutionContext): Role | undefined {
    const handler = context.getHandler();
    if (this.required.has(handler)) return this.required.get(handler);
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLES_METADATA, [handler, context.getClass()]);
    this.required.set(handler, role);
    return role;
  }
}
