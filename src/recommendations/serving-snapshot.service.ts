import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { ServingModel } from '../ml/serving/serving-model.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';

/**
 * One served model over one catalog snapshot, never changed once published: a request reads it once and takes
 * every index (history, seed, basket, scores, the index → item table) from it, however long it awaits.
 */
export interface ServingSnapshot {
  /** The loaded model with the catalog's new items (the ones its artifact does not know) embedded. */
  readonly model: ServingModel;
  /** The catalog snapshot (CatalogSnapshotService.all()) the snapshot was built from. */
  readonly catalog: readonly CatalogItem[];
  /** The catalog item at each model index; undefined where the catalog has no such item. */
  readonly itemAt: readonly (CatalogItem | undefined)[];
}

/**
 * Builds and publishes the serving snapshot of every loaded model: when a version is loaded (the active one
 * before it is swapped in, an experiment's before its first lease) and whenever the catalog changes. Publishing
 * replaces one map entry; a request that read the previous snapshot keeps reading it.
 */
@Injectable()
export class ServingSnapshotService implements OnModuleInit, OnApplicationShutdown {
  /** The published snapshot of each loaded model (keyed by the model as loaded, without new items). */
  private readonly published = new Map<ServingModel, ServingSnapshot>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly catalog: CatalogSnapshotService,
    private readonly serving: ModelServingService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.serving.onLoad((loaded) => {
        this.dropDisposed();
        this.publish(loaded.model, this.catalog.all());
      }),
      this.catalog.onChange((items) => {
        this.dropDisposed();
        for (const loaded of [...this.published.keys()]) this.publish(loaded, items);
      }),
    );
    const current = this.serving.current();
    if (current) this.publish(current.model, this.catalog.all());
  }

  onApplicationShutdown(): void {
    for (const stop of this.unsubscribe) stop();
    for (const snapshot of this.published.values()) snapshot.model.releaseNewItems();
    this.published.clear();
  }

  /** The published snapshot of a loaded model (built now only for a model loaded before this service started). */
  of(loaded: ServingModel): ServingSnapshot {
    return this.published.get(loaded) ?? this.publish(loaded, this.catalog.all());
  }

  private publish(loaded: ServingModel, catalog: readonly CatalogItem[]): ServingSnapshot {
    const previous = this.published.get(loaded);
    if (previous?.catalog === catalog) return previous;
    const model = loaded.withNewItems(
      catalog
        .filter((i) => !i.isPlaceholder && !loaded.isKnown(i.id))
        .map((i) => ({
          id: i.id,
          features: { title: i.title, description: i.description, categories: i.categories, price: i.price },
        })),
    );
    const itemAt = new Array<CatalogItem | undefined>(model.totalItems);
    for (let i = 0; i < itemAt.length; i++) {
      const id = model.idAt(i);
      itemAt[i] = id === undefined ? undefined : this.catalog.byExternalId(id);
    }
    const snapshot: ServingSnapshot = { model, catalog, itemAt };
    this.published.set(loaded, snapshot);
    previous?.model.releaseNewItems();
    return snapshot;
  }

  /** Forgets the snapshots of models the serving service has disposed (retired, evicted). */
  private dropDisposed(): void {
    for (const [loaded, snapshot] of this.published) {
      if (!loaded.isDisposed) continue;
      this.published.delete(loaded);
      snapshot.model.releaseNewItems();
    }
  }
}
