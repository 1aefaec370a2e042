import { Module } from '@nestjs/common';
import { SegmentsRepository } from './segments.repository.js';
import { SegmentsResolver } from './segments.resolver.js';
import { SegmentsService } from './segments.service.js';

/** Customer segments (RFM, lifecycle) and their admin queries. Needs the global DatabaseModule and ConfigModule. */
@Module({
  providers: [SegmentsRepository, SegmentsService, SegmentsResolver],
  exports: [SegmentsService],
})
export class SegmentsModule {}
