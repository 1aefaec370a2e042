import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { HealthModule } from '../health/health.module.js';
import { AccessPolicyResolver } from './access-policy.resolver.js';
import { AccessPolicyService } from './access-policy.service.js';
import { AuthService } from './auth.service.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { RolesGuard } from './roles.guard.js';

/** Access control: API keys and signed tokens, roles per operation (global guard), per-key rate limit. */
@Module({
  imports: [HealthModule, DiscoveryModule],
  providers: [
    RateLimitService,
    AuthService,
    AccessPolicyService,
    AccessPolicyResolver,
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
