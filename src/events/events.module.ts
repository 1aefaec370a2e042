import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { EventsRepository } from './events.repository.js';
import { EventsResolver } from './events.resolver.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [CatalogModule, CacheModule, SegmentsModule],
  providers: [EventsRepository, EventsService, EventsResolver],
  exports: [EventsService],
})
export class EventsModule {}
