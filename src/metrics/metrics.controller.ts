import { Controller, ForbiddenException, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthService } from '../auth/auth.service.js';
import { Public } from '../auth/roles.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MetricsService } from './metrics.service.js';

/**
 * GET /metrics in the Prometheus text format. Admin only (an admin key or token, as for every
 * unmarked REST route; open when AUTH_MODE=open), unless METRICS_PUBLIC=true — for a scraper on a
 * private network that cannot send a key. Not rate limited (REST routes never are).
 */
@Public() // the check below replaces the guard's, because METRICS_PUBLIC decides at run time
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async get(
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!this.config.METRICS_PUBLIC) {
      let role: string;
      try {
        role = this.auth.authenticate(headers).role;
      } catch (e) {
        // A missing, invalid or expired credential: 401 with the authenticator's message (as RolesGuard does for REST).
        throw new UnauthorizedException((e as Error).message);
      }
      if (role !== 'admin') throw new ForbiddenException('/metrics needs an admin key (or METRICS_PUBLIC=true)');
    }
    const { contentType, body } = await this.metrics.render();
    reply.header('content-type', contentType);
    return body;
  }
}
