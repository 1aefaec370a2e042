import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { RecommendationCacheService } from './recommendation-cache.service.js';

@Module({ imports: [HealthModule], providers: [RecommendationCacheService], exports: [RecommendationCacheService] })
export class CacheModule {}
