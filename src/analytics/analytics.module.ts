import { Module } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsResolver } from './analytics.resolver.js';
import { AnalyticsService } from './analytics.service.js';
import { ServedListsInterceptor } from './served-lists.interceptor.js';
import { ServingStatsService } from './serving-stats.service.js';

/**
 * The dashboard's analytics (activity over time, customer and item search, sales) and the served-list
 * counter the recommendations resolver reports to (ServedListsInterceptor). Needs the global DatabaseModule.
 */
@Module({
  providers: [AnalyticsRepository, ServingStatsService, ServedListsInterceptor, AnalyticsService, AnalyticsResolver],
  exports: [ServingStatsService, ServedListsInterceptor],
})
export class AnalyticsModule {}
