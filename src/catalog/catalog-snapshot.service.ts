import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PeriodicRefresh } from '../common/periodic-refresh.js';
import { sameItem, type CatalogItem } from './catalog-item.js';
import { CatalogRepository } from './catalog.repository.js';

/**
 * The whole catalog in memory, reloaded every SNAPSHOT_REFRESH_SECONDS. Item fields of every
 * recommendation come from here, so no request queries items per row. Each instance keeps its own
 * copy (instances stay stateless; the database is the truth).
 */
@Injectable()
export class CatalogSnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CatalogSnapshot');
  private byExternal = new Map<string, CatalogItem>();
  private byInternal = new Map<string, CatalogItem>();
  private items: CatalogItem[] = [];
  private readonly listeners = new Set<(items: readonly CatalogItem[]) => void>();
  private readonly refresher = new PeriodicRefresh(() => this.load(), this.logger);

  constructor(
    private readonly repository: CatalogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): Promise<void> {
    return this.refresher.start(this.config.SNAPSHOT_REFRESH_SECONDS);
  }

  onApplicationShutdown(): void {
    this.refresher.stop();
  }

  /**
   * Called with the new `all()` whenever it changes (a refresh that found changes, `remember`). Returns an
   * unsubscribe function. Listeners run synchronously: derived tables are rebuilt before the next request.
   */
  onChange(listener: (items: readonly CatalogItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads the catalog; concurrent calls share one load. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  /**
   * An unchanged item keeps its object, and an unchanged catalog its array: everything keyed on `all()` or on
   * items (decoded cached lists, the model index → item tables, histories in a model's index space) stays
   * valid across refreshes that found nothing new, instead of being rebuilt every SNAPSHOT_REFRESH_SECONDS.
   */
  private async load(): Promise<void> {
    const loaded = await this.repository.loadAll();
    const items = loaded.map((item) => {
      const known = this.byInternal.get(item.internalId);
      return known && sameItem(known, item) ? known : item;
    });
    if (items.length === this.items.length && items.every((item, i) => item === this.items[i])) return;
    this.byExternal = new Map(items.map((i) => [i.id, i]));
    this.byInternal = new Map(items.map((i) => [i.internalId, i]));
    this.items = items;
    this.changed();
  }

  byExternalId(id: string): CatalogItem | undefined {
    return this.byExternal.get(id);
  }

  byInternalId(id: string): CatalogItem | undefined {
    return this.byInternal.get(id);
  }

  /** Every item, in insertion (id) order. */
  all(): readonly CatalogItem[] {
    return this.items;
  }

  /**
   * Adds (or replaces) items found in the database after the last refresh, so later lookups hit memory.
   * `all()` returns a new array whenever a lookup would now answer differently: callers key derived tables
   * (the serving snapshots' index → item tables) on its identity.
   */
  remember(items: readonly CatalogItem[]): void {
    let next = this.items;
    for (const i of items) {
      const old = this.byInternal.get(i.internalId);
      if (old === i) continue;
      next = old ? next.map((x) => (x === old ? i : x)) : [...next, i];
      this.byExternal.set(i.id, i);
      this.byInternal.set(i.internalId, i);
    }
    if (next === this.items) return;
    this.items = next;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.items);
      } catch (e) {
        this.logger.warn(`catalog change listener failed: ${(e as Error).message}`);
      }
    }
  }
}
