import { Module } from '@nestjs/common';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { AdminUiController } from './admin-ui.controller.js';
import { ModelReportService } from './model-report.service.js';
import { ModelReportsController } from './model-reports.controller.js';

/**
 * The product-team dashboard at /admin (static page talking to /graphql with an admin key) and the
 * admin-only model report route. Needs the global DatabaseModule (the registry).
 */
@Module({
  controllers: [AdminUiController, ModelReportsController],
  providers: [ModelVersionRepository, ModelReportService],
})
export class AdminUiModule {}
