import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { ServingModel } from '../ml/serving/serving-model.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';

/** The catalog as one served model sees it: the catalog item at each index of the model's space. */
export interface ServingSnapshot {
  readonly model: ServingModel;
  /** The catalog snapshot (CatalogSnapshotService.all()) the table was built from. */
  readonly catalog: readonly CatalogItem[];
  /** The catalog item at each model index; undefined where the catalog has no such item. */
  readonly itemAt: readonly (CatalogItem | undefined)[];
}

/**
 * Per served model and catalog snapshot, the index → item table; building it also gives catalog items the
 * artifact does not know their content embeddings (the model's extras). The active model's snapshot is built
 * when the model is swapped in and whenever the catalog changes, so requests only read it; a model loaded for an
 * experiment gets its snapshot on its first request (and then on catalog changes while it stays loaded).
 */
@Injectable()
export class ServingSnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly built = new WeakMap<ServingModel, ServingSnapshot>();
  /** Models with a snapshot, rebuilt on catalog changes while they are live. */
  private readonly live = new Set<ServingModel>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly catalog: CatalogSnapshotService,
    private readonly serving: ModelServingService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.serving.onSwap((next, previous) => {
        if (previous) this.live.delete(previous.model);
        this.build(next.model, this.catalog.all());
      }),
      this.catalog.onChange((items) => {
        for (const model of this.live) {
          if (model.isDisposed) this.live.delete(model);
          else this.build(model, items);
        }
      }),
    );
    const current = this.serving.current();
    if (current) this.build(current.model, this.catalog.all());
  }

  onApplicationShutdown(): void {
    for (const stop of this.unsubscribe) stop();
    this.live.clear();
  }

  /** The snapshot of `model` for the current catalog (built now only if no change event built it yet). */
  of(model: ServingModel): ServingSnapshot {
    const catalog = this.catalog.all();
    const known = this.built.get(model);
    return known?.catalog === catalog ? known : this.build(model, catalog);
  }

  private build(model: ServingModel, catalog: readonly CatalogItem[]): ServingSnapshot {
    const unknown = catalog.filter((i) => !i.isPlaceholder && !model.isKnown(i.id));
    model.setExtras(
      unknown.map((i) => ({
        id: i.id,
        features: { title: i.title, description: i.description, categories: i.categories, price: i.price },
      })),
    );
    const itemAt = new Array<CatalogItem | undefined>(model.totalItems);
    for (let i = 0; i < itemAt.length; i++) {
      const id = model.idAt(i);
      itemAt[i] = id === undefined ? undefined : this.catalog.byExternalId(id);
    }
    const snapshot = { model, catalog, itemAt };
    this.built.set(model, snapshot);
    this.live.add(model);
    return snapshot;
  }
}
