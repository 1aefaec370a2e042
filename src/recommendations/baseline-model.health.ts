import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthService, type ComponentHealth, type HealthContributor } from '../health/health.service.js';

/** The "model" line of /health until the model loader (serving issue) takes it over. */
@Injectable()
export class BaselineModelHealth implements HealthContributor, OnModuleInit {
  readonly healthName = 'model';
  constructor(private readonly healthService: HealthService) {}

  onModuleInit(): void {
    this.healthService.register(this);
  }

  health(): ComponentHealth {
    return { status: 'ok', detail: 'no trained model, serving baselines' };
  }
}
