import type { CatalogItem } from '../catalog/catalog-item.js';
import type { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { NewItem, ServingModel } from '../ml/serving/serving-model.js';
import type { LoadListener, ModelServingService, ServedModel } from '../model-serving/model-serving.service.js';
import { catalogItem } from '../../test/support/recommendation-fakes.js';
import { ServingSnapshotService } from './serving-snapshot.service.js';

/**
 * A loaded model that knows items i1 and i2. Like ServingModel, `withNewItems` returns another model and leaves
 * this one as it is; `builds` records the new items of every model derived, `released` those released.
 */
function fakeModel(version: string) {
  const known = ['i1', 'i2'];
  const builds: string[][] = [];
  const released: string[][] = [];
  let disposed = false;
  const derive = (newIds: string[]) => ({
    version,
    get isDisposed() {
      return disposed;
    },
    isKnown: (id: string) => known.includes(id),
    withNewItems: (items: readonly NewItem[]) => {
      const ids = items.map((i) => i.id).filter((id) => !known.includes(id));
      builds.push(ids);
      return derive(ids);
    },
    releaseNewItems: () => released.push(newIds),
    totalItems: known.length + newIds.length,
    idAt: (i: number) => (i < known.length ? known[i] : newIds[i - known.length]),
    indexOf: (id: string) => {
      const i = [...known, ...newIds].indexOf(id);
      return i < 0 ? undefined : i;
    },
  });
  const model = derive([]) as unknown as ServingModel;
  return { model, builds, released, dispose: () => (disposed = true) };
}

function setup() {
  let items: CatalogItem[] = [catalogItem(1), catalogItem(2), catalogItem(3)];
  const catalogListeners: ((all: readonly CatalogItem[]) => void)[] = [];
  const catalog = {
    all: () => items,
    byExternalId: (id: string) => items.find((i) => i.id === id),
    onChange: (l: (all: readonly CatalogItem[]) => void) => (catalogListeners.push(l), () => undefined),
  };
  const loadListeners: LoadListener[] = [];
  let current: ServedModel | null = null;
  const serving = {
    current: () => current,
    onLoad: (l: LoadListener) => (loadListeners.push(l), () => undefined),
  };
  const service = new ServingSnapshotService(
    catalog as unknown as CatalogSnapshotService,
    serving as unknown as ModelServingService,
  );
  return {
    service,
    /** The serving service loads a version (the active one is swapped in after this). */
    load(model: ServingModel, active = true) {
      const served = { version: model.version, model } as ServedModel;
      for (const l of loadListeners) l(served);
      if (active) current = served;
    },
    changeCatalog(next: CatalogItem[]) {
      items = next;
      for (const l of catalogListeners) l(items);
    },
  };
}

describe('ServingSnapshotService', () => {
  it('publishes the snapshot when a version is loaded, with the catalog items its artifact does not know', () => {
    const { service, load } = setup();
    service.onModuleInit();
    const { model, builds } = fakeModel('v1');
    load(model);
    expect(builds).toEqual([['i3']]);
    const snapshot = service.of(model);
    expect(snapshot.model).not.toBe(model); // the loaded model itself is never extended
    expect(snapshot.model.indexOf('i3')).toBe(2);
    expect(snapshot.itemAt.map((i) => i?.id)).toEqual(['i1', 'i2', 'i3']);
    expect(service.of(model)).toBe(snapshot);
    expect(builds).toHaveLength(1); // requests only read
  });

  it('a request that read snapshot A keeps reading A while B, with the new items, is published', () => {
    const { service, load, changeCatalog } = setup();
    service.onModuleInit();
    const { model, builds, released } = fakeModel('v1');
    load(model);
    const a = service.of(model); // a request reads its snapshot once, then awaits
    changeCatalog([
      catalogItem(1),
      catalogItem(2),
      catalogItem(5),
      catalogItem(4, { isPlaceholder: true }),
      catalogItem(3),
    ]);
    const b = service.of(model);
    expect(b).not.toBe(a);
    expect(builds).toEqual([['i3'], ['i5', 'i3']]);
    expect(b.itemAt.map((i) => i?.id)).toEqual(['i1', 'i2', 'i5', 'i3']);
    expect(b.model.indexOf('i5')).toBe(2);
    // A is unchanged: same indices, same table, though i3 moved in B
    expect(a.itemAt.map((i) => i?.id)).toEqual(['i1', 'i2', 'i3']);
    expect([a.model.indexOf('i3'), a.model.indexOf('i5')]).toEqual([2, undefined]);
    expect(a.model.totalItems).toBe(3);
    // A's TF.js table copy is released on publishing B (scoring it stays correct: ScoreTable's plain loop)
    expect(released).toEqual([['i3']]);
  });

  it("builds for an experiment's version at its load, and drops a disposed model's snapshot", () => {
    const { service, load, changeCatalog } = setup();
    service.onModuleInit();
    const active = fakeModel('v1');
    const experiment = fakeModel('v2');
    load(active.model);
    load(experiment.model, false);
    expect(experiment.builds).toEqual([['i3']]);
    active.dispose();
    changeCatalog([catalogItem(1)]);
    expect(active.builds).toHaveLength(1);
    expect(active.released).toEqual([['i3']]);
    expect(experiment.builds).toEqual([['i3'], []]);
    expect(service.of(experiment.model).itemAt.map((i) => i?.id)).toEqual(['i1', undefined]);
  });

  it('builds the snapshot of the model serving when it starts', () => {
    const { service, load } = setup();
    const { model, builds } = fakeModel('v1');
    load(model);
    service.onModuleInit();
    expect(builds).toEqual([['i3']]);
  });
});
