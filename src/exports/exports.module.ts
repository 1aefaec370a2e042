import { Module } from '@nestjs/common';
import { AudiencesModule } from '../audiences/audiences.module.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportsService } from './exports.service.js';

/**
 * The standalone context of `tailor export` (NestFactory.createApplicationContext): the recommendation stack with
 * the active model, audiences and the customer tables, without HTTP or GraphQL.
 */
@Module({
  imports: [ConfigModule, DatabaseModule, ModelServingModule, RecommendationsModule, AudiencesModule],
  providers: [ExportsRepository, ExportsService],
})
export class ExportsModule {}
