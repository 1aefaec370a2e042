import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator.js';
import { Public } from '../auth/roles.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { HealthService, publicHealth, type HealthReport, type PublicHealthReport } from './health.service.js';

// Open to load balancers and probes without a key (the global guard requires admin on unmarked routes).
@Public()
@Controller('health')
export class HealthController {
  // A plain authenticator, not AuthService: the auth module depends on this one (rate-limit health).
  private readonly authenticator: Authenticator;

  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.authenticator = new Authenticator(config);
  }

  /**
   * 200 when ok or degraded (still serving), 503 when down, always within the health deadline. The details
   * (error texts with host:port, model version, rate-limit settings) are for admins; anyone else gets the
   * statuses only.
   */
  @Get()
  async get(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthReport | PublicHealthReport> {
    const report = await this.health.report();
    reply.status(report.status === 'down' ? 503 : 200);
    return this.isAdmin(req) ? report : publicHealth(report);
  }

  private isAdmin(req: FastifyRequest): boolean {
    try {
      return this.authenticator.authenticate(req.headers).role === 'admin';
    } catch {
      return false;
    }
  }
}
