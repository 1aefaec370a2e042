import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthService } from './auth.service.js';
import { ROLES_METADATA, type Role } from './roles.js';

// @nestjs/graphql's metadata keys for @Query/@Mutation/@Subscription methods (graphql.constants).
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const ROOT_KINDS = new Set(['Query', 'Mutation', 'Subscription']);

export interface OperationAccess {
  kind: 'Query' | 'Mutation' | 'Subscription';
  name: string;
  role: Role;
}

export interface AccessPolicy {
  mode: 'open' | 'keys';
  storefrontKeys: number;
  adminKeys: number;
  tokensAccepted: boolean;
  rateLimitPerMinute: number;
  rateLimitShared: boolean;
  maxDepth: number;
  maxComplexity: number;
  operations: OperationAccess[];
}

/**
 * The effective access rules, read from the resolvers themselves (the same @Roles metadata the guard
 * enforces), so what `accessPolicy` reports and the start-up log prints cannot drift from what runs.
 * It also prints the loud warning when the service runs open.
 */
@Injectable()
export class AccessPolicyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private operations: OperationAccess[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    this.operations = this.discover();
    if (this.auth.mode === 'open') {
      this.logger.warn(openModeWarning(this.config));
    } else {
      const storefront = this.operations.filter((o) => o.role !== 'admin').map((o) => o.name);
      this.logger.log(
        `Access control on: ${this.auth.keyCount} API key(s)${this.auth.tokensAccepted ? ' and signed tokens' : ''}; ` +
          `storefront keys may call ${storefront.join(', ') || 'nothing'}; everything else needs admin. ` +
          `Rate limit: ${this.config.RATE_LIMIT_PER_MINUTE || 'off'}${this.config.RATE_LIMIT_PER_MINUTE ? '/min per key' : ''}.`,
      );
    }
  }

  policy(): AccessPolicy {
    return {
      mode: this.auth.mode,
      storefrontKeys: this.config.STOREFRONT_API_KEYS.length,
      adminKeys: this.config.ADMIN_API_KEYS.length,
      tokensAccepted: this.auth.tokensAccepted,
      rateLimitPerMinute: this.auth.rateLimit.limit,
      rateLimitShared: this.auth.rateLimit.shared,
      maxDepth: this.config.GRAPHQL_MAX_DEPTH,
      maxComplexity: this.config.GRAPHQL_MAX_COMPLEXITY,
      operations: this.operations,
    };
  }

  private discover(): OperationAccess[] {
    const found: OperationAccess[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[method] as () => unknown;
        const kind = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string | undefined;
        if (!kind || !ROOT_KINDS.has(kind)) continue;
        const name = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? method;
        const role: Role =
          this.reflector.getAllAndOverride<Role | undefined>(ROLES_METADATA, [
            handler,
            instance.constructor as () => unknown,
          ]) ?? 'admin';
        found.push({ kind: kind as OperationAccess['kind'], name, role });
      }
    }
    return found.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }
}

function openModeWarning(config: AppConfig): string {
  const bar = '!'.repeat(78);
  return [
    '',
    bar,
    '!! WARNING: ACCESS CONTROL IS OFF (AUTH_MODE=open).',
    '!! Every GraphQL operation, including admin ones, is reachable WITHOUT a key by anyone who can',
    `!! reach ${config.HOST}:${config.PORT}, and there is no rate limit. Fine on a laptop, never in production.`,
    '!! To turn it on, set STOREFRONT_API_KEYS and ADMIN_API_KEYS (and/or ADMIN_TOKEN_SECRET);',
    '!! see docs/auth.md.',
    bar,
  ].join('\n');
}
