import type { CatalogItem } from '../catalog/catalog-item.js';
import type { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { ExtraItem, ServingModel } from '../ml/serving/serving-model.js';
import type { ModelServingService, ServedModel, SwapListener } from '../model-serving/model-serving.service.js';
import { catalogItem } from '../../test/support/recommendation-fakes.js';
import { ServingSnapshotService } from './serving-snapshot.service.js';

/** A model that knows items i1 and i2 and records every setExtras call. */
function fakeModel(version: string) {
  const known = ['i1', 'i2'];
  let extras: string[] = [];
  const calls: string[][] = [];
  const model = {
    version,
    isDisposed: false,
    isKnown: (id: string) => known.includes(id),
    setExtras: (items: readonly ExtraItem[]) => {
      extras = items.map((i) => i.id);
      calls.push(extras);
    },
    get totalItems() {
      return known.length + extras.length;
    },
    idAt: (i: number) => (i < known.length ? known[i] : extras[i - known.length]),
  };
  return { model: model as unknown as ServingModel, calls };
}

function setup() {
  let items: CatalogItem[] = [catalogItem(1), catalogItem(2), catalogItem(3)];
  const catalogListeners: ((all: readonly CatalogItem[]) => void)[] = [];
  const catalog = {
    all: () => items,
    byExternalId: (id: string) => items.find((i) => i.id === id),
    onChange: (l: (all: readonly CatalogItem[]) => void) => (catalogListeners.push(l), () => undefined),
  };
  const swapListeners: SwapListener[] = [];
  let current: ServedModel | null = null;
  const serving = {
    current: () => current,
    onSwap: (l: SwapListener) => (swapListeners.push(l), () => undefined),
  };
  const service = new ServingSnapshotService(
    catalog as unknown as CatalogSnapshotService,
    serving as unknown as ModelServingService,
  );
  return {
    service,
    swapTo(model: ServingModel) {
      const previous = current;
      current = { version: model.version, model } as ServedModel;
      for (const l of swapListeners) l(current, previous);
    },
    changeCatalog(next: CatalogItem[]) {
      items = next;
      for (const l of catalogListeners) l(items);
    },
  };
}

describe('ServingSnapshotService', () => {
  it('builds the snapshot when a model is swapped in, so a request only reads it', () => {
    const { service, swapTo } = setup();
    service.onModuleInit();
    const { model, calls } = fakeModel('v1');
    swapTo(model);
    expect(calls).toEqual([['i3']]);
    const snapshot = service.of(model);
    expect(snapshot.itemAt.map((i) => i?.id)).toEqual(['i1', 'i2', 'i3']);
    expect(service.of(model)).toBe(snapshot);
    expect(calls).toHaveLength(1);
  });

  it('rebuilds on a catalog change, before any request asks', () => {
    const { service, swapTo, changeCatalog } = setup();
    service.onModuleInit();
    const { model, calls } = fakeModel('v1');
    swapTo(model);
    const before = service.of(model);
    changeCatalog([
      catalogItem(1),
      catalogItem(2),
      catalogItem(3),
      catalogItem(4, { isPlaceholder: true }),
      catalogItem(5),
    ]);
    expect(calls).toEqual([['i3'], ['i3', 'i5']]);
    const after = service.of(model);
    expect(after).not.toBe(before);
    expect(after.itemAt.map((i) => i?.id)).toEqual(['i1', 'i2', 'i3', 'i5']);
    expect(before.itemAt).toHaveLength(3); // a snapshot never changes once built
    expect(calls).toHaveLength(2);
  });

  it('stops rebuilding a model once another is swapped in, and builds one it has not seen on first use', () => {
    const { service, swapTo, changeCatalog } = setup();
    service.onModuleInit();
    const first = fakeModel('v1');
    const second = fakeModel('v2');
    swapTo(first.model);
    swapTo(second.model);
    changeCatalog([catalogItem(1)]);
    expect([first.calls.length, second.calls.length]).toEqual([1, 2]);
    const extra = fakeModel('v3');
    expect(service.of(extra.model).itemAt.map((i) => i?.id)).toEqual(['i1', undefined]);
    expect(extra.calls).toEqual([[]]);
  });
});
