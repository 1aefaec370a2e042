import { Injectable } from '@nestjs/common';
import type { CatalogItem } from './catalog-item.js';
import { CatalogSnapshotService } from './catalog-snapshot.service.js';
import { CatalogRepository } from './catalog.repository.js';

/** Item lookups: memory first, the database for items imported since the last snapshot refresh. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly snapshot: CatalogSnapshotService,
    private readonly repository: CatalogRepository,
  ) {}

  async findItem(externalId: string): Promise<CatalogItem | null> {
    return (await this.findItems([externalId])).get(externalId) ?? null;
  }

  /** Resolves external ids to items with at most one query (for the ids the snapshot lacks). */
  async findItems(externalIds: readonly string[]): Promise<Map<string, CatalogItem>> {
    const found = new Map<string, CatalogItem>();
    const missing: string[] = [];
    for (const id of new Set(externalIds)) {
      const item = this.snapshot.byExternalId(id);
      if (item) found.set(id, item);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const loaded = await this.repository.findByExternalIds(missing);
      this.snapshot.remember(loaded);
      for (const item of loaded) found.set(item.id, item);
    }
    return found;
  }
}
