import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthService, type HealthReport } from './health.service.js';
import { Public } from '../auth/roles.js';

// Open to load balancers and probes without a key (the global guard requires admin on unmarked routes).
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when ok or degraded (still serving), 503 when down. */
  @Get()
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    reply.status(report.status === 'down' ? 503 : 200);
    return report;
  }
}
