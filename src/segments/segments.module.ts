import { Module } from '@nestjs/common';
import { SegmentsRepository } from './segments.repository.js';
import { SegmentsService } from './segments.service.js';

/** Customer segments (RFM, lifecycle). Needs the global DatabaseModule and ConfigModule. */
@Module({
  providers: [SegmentsRepository, SegmentsService],
  exports: [SegmentsService],
})
export class SegmentsModule {}
