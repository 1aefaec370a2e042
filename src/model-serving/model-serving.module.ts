import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { ModelArtifactRepository } from './model-artifact.repository.js';
import { ModelServingService } from './model-serving.service.js';

/** Loads, polls and hot-swaps the trained model; reports it on /health as "model". */
@Module({
  imports: [HealthModule],
  providers: [ModelVersionRepository, ModelArtifactRepository, ModelServingService],
  exports: [ModelServingService],
})
export class ModelServingModule {}
