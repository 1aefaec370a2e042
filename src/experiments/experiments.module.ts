import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { ExperimentAssignmentService } from './experiment-assignment.service.js';
import { ExperimentsRepository } from './experiments.repository.js';
import { ExperimentReportResolver, ExperimentsResolver, VariantReportResolver } from './experiments.resolver.js';
import { ExperimentsService } from './experiments.service.js';
import { ExposureLogService } from './exposure-log.service.js';

/**
 * A/B/n experiments on placements (docs/experiments.md). The recommendation module imports this
 * module for ExperimentAssignmentService (assign a variant, log the exposure); nothing here depends on it.
 */
@Module({
  imports: [SettingsModule],
  providers: [
    ExperimentsRepository,
    ExposureLogService,
    ExperimentAssignmentService,
    ExperimentsService,
    ExperimentsResolver,
    ExperimentReportResolver,
    VariantReportResolver,
  ],
  exports: [ExperimentAssignmentService],
})
export class ExperimentsModule {}
