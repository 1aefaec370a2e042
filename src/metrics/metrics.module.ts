import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { ModelVersionMetrics } from './model-version.metrics.js';

/** Prometheus metrics. Global so that the cache and the model loader can report without importing it. */
@Global()
@Module({
  imports: [AuthModule, ModelServingModule],
  controllers: [MetricsController],
  providers: [MetricsService, ModelVersionMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
