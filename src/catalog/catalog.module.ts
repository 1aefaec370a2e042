import { Module } from '@nestjs/common';
import { CatalogSnapshotService } from './catalog-snapshot.service.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { ItemResolver } from './item.resolver.js';

@Module({
  providers: [CatalogRepository, CatalogSnapshotService, CatalogService, ItemResolver],
  exports: [CatalogService, CatalogSnapshotService],
})
export class CatalogModule {}
