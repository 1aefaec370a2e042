import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { PrecomputeRepository } from './precompute.repository.js';
import { PrecomputeService } from './precompute.service.js';

/**
 * The standalone context of `tailor precompute` (NestFactory.createApplicationContext): the API's
 * recommendation stack — catalog and popularity snapshots, the active model (loaded by
 * ModelServingService at init), the cache — without HTTP or GraphQL.
 */
@Module({
  imports: [ConfigModule, DatabaseModule, ModelServingModule, RecommendationsModule],
  providers: [PrecomputeRepository, PrecomputeService],
})
export class PrecomputeModule {}
