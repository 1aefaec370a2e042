import { Module } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsResolver } from './analytics.resolver.js';
import { AnalyticsService } from './analytics.service.js';
import { ServingStatsService } from './serving-stats.service.js';

/**
 * The dashboard's analytics (activity over time, customer and item search, sales) and the served-list
 * counter the recommendations resolver reports to (ServingStatsService.counted). Needs the global DatabaseModule.
 */
@Module({
  providers: [AnalyticsRepository, ServingStatsService, AnalyticsService, AnalyticsResolver],
  exports: [ServingStatsService],
})
export class AnalyticsModule {}
