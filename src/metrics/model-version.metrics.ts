import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { MetricsService } from './metrics.service.js';

/** Keeps `tailor_model_info{version}` on the version ModelServingService serves (first load and every swap). */
@Injectable()
export class ModelVersionMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly serving: ModelServingService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.setModelVersion(this.serving.current()?.version ?? null);
    this.serving.onSwap((next) => this.metrics.setModelVersion(next.version));
  }
}
