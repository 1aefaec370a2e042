import type { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import type { BlendSourceSpec } from '../../ml/artifact/model-bundle.js';
import type { ServingModel } from '../../ml/serving/serving-model.js';
import type { ServedModel } from '../../model-serving/model-serving.service.js';
import type { PlacementWeightsService } from '../../settings/placement-weights.service.js';
import type { PurchaseHistoryService } from '../purchase-history.service.js';
import type { PurchaseLine } from '../ranking/user-history.js';
import type { ServingSnapshot, ServingSnapshotService } from '../serving-snapshot.service.js';
import { CandidateSourceRegistry } from '../sources/candidate-source.registry.js';
import type { CandidateSource, SourceContext } from '../sources/candidate-source.js';
import { candidate, catalogItem, FakeCatalog, requestContext } from '../../../test/support/recommendation-fakes.js';
import { GatherCandidatesStage, weightedPlan, withRankerFallback } from './gather-candidates.stage.js';

const items = [0, 1, 2, 3, 4].map((n) => catalogItem(n));
const catalog = new FakeCatalog(items);
// Bought 1 in basket a, then 2 and 3 together in basket b (the latest).
const lines: PurchaseLine[] = [
  { itemId: '1', basket: 'a', ms: 1 },
  { itemId: '2', basket: 'b', ms: 2 },
  { itemId: '3', basket: 'b', ms: 2 },
];

function setup(snapshots?: Pick<ServingSnapshotService, 'of'>) {
  const seen = new Map<string, SourceContext>();
  const listSource = (name: string): CandidateSource => ({
    name,
    candidates: (ctx) => (seen.set(name, ctx), [candidate('4', 1, name)]),
  });
  const denseSource: CandidateSource = {
    name: 'collaborative',
    candidates: () => [],
    dense: (ctx) => (seen.set('collaborative', ctx), [0.5, 0.4, 0.3, 0.2, 0.1]),
  };
  const registry = new CandidateSourceRegistry([
    listSource('popular'),
    listSource('trending'),
    listSource('co-purchase'),
    denseSource,
  ]);
  const model = {
    version: 'v1',
    numItems: 5,
    totalItems: 5,
    indexOf: (id: string) => Number(id.slice(1)),
    hasRankerHead: () => true,
  } as unknown as ServingModel;
  const served = { version: 'v1', model, bundle: { manifest: { blend: [] } } } as unknown as ServedModel;
  const stage = new GatherCandidatesStage(
    { lines: () => Promise.resolve(lines) } as unknown as PurchaseHistoryService,
    registry,
    catalog as unknown as CatalogSnapshotService,
    (snapshots ?? { of: () => ({ model, catalog: items, itemAt: items }) }) as unknown as ServingSnapshotService,
    { resolve: () => ({ weights: { collaborative: 1, trending: 0.5 } }) } as unknown as PlacementWeightsService,
  );
  return { stage, seen, served, model, registry };
}

describe('GatherCandidatesStage', () => {
  it("asks the placement plan's baseline sources, leaving out purchases and capped items", async () => {
    const { stage, seen } = setup();
    const gathered = await stage.gather(requestContext({ capped: new Set(['i4']) }));
    expect(gathered.kind).toBe('baseline');
    expect(gathered.kind === 'baseline' && gathered.lists.map((l) => l.weight)).toEqual([1, 0.9]);
    expect([...gathered.excluded].sort()).toEqual(['1', '2', '3', '4']);
    expect(seen.get('popular')?.user?.purchases.map((p) => p.itemId)).toEqual(['1', '2', '3']);
    expect(gathered.coldStart).toBe(false);
  });

  it('follows weights replacing the plan, registered sources only', async () => {
    const { stage } = setup();
    const gathered = await stage.gather(requestContext({ weights: { trending: 2, nonsense: 1, popular: 0 } }));
    expect(gathered.kind === 'baseline' && gathered.lists.map((l) => [l.candidates[0].source, l.weight])).toEqual([
      ['trending', 2],
    ]);
  });

  it('gives a non-personalised list popular and trending on every placement, reading no history', async () => {
    const { stage, seen } = setup();
    const ctx = requestContext({ personalized: false, userId: null, placement: 'BUY_AGAIN' });
    const gathered = await stage.gather(ctx);
    expect(gathered.kind === 'baseline' && gathered.lists.map((l) => [l.candidates[0].source, l.weight])).toEqual([
      ['popular', 1],
      ['trending', 0.9],
    ]);
    expect(seen.get('popular')?.user).toBeUndefined();
    expect(gathered.excluded.size).toBe(0);
  });

  it('gathers co-purchases of the seed item for similarItems and never returns the seed', async () => {
    const { stage, seen } = setup();
    const ctx = requestContext({ subject: { kind: 'item', seedItem: items[2] }, placement: 'PRODUCT', userId: null });
    const gathered = await stage.gather(ctx);
    expect(seen.get('co-purchase')?.seedItem?.id).toBe('i2');
    expect([...gathered.excluded]).toEqual(['2']);
    expect(gathered.coldStart).toBe(true);
  });

  it("with a model, seeds CART with the shopper's latest basket: list sources and dense scores", async () => {
    const { stage, seen, served } = setup();
    const gathered = await stage.gather(requestContext({ served, placement: 'CART' }));
    expect(gathered.kind).toBe('model');
    if (gathered.kind !== 'model') return;
    expect(gathered.space.basket).toEqual([2, 3]);
    expect(seen.get('trending')?.seedItems?.map((i) => i.id)).toEqual(['i2', 'i3']);
    expect(seen.get('collaborative')?.model?.history?.baskets.length).toBe(2);
    expect(gathered.dense.map((d) => [d.name, d.normalisation])).toEqual([['collaborative', 'minmax']]);
    expect(gathered.sparse).toEqual([
      { name: 'trending', weight: 0.5, entries: [{ index: 4, score: 1, anchor: undefined }] },
    ]);
    expect([0, 1, 2, 3, 4].filter(gathered.space.accept)).toEqual([0, 4]);
  });

  it('reads the serving snapshot once: one published while list sources await does not change its indices', async () => {
    let reads = 0;
    let published: ServingSnapshot;
    const snapshots = { of: () => (reads++, published) };
    const { stage, served, model, registry } = setup(snapshots);
    published = { model, catalog: items, itemAt: items };
    // B shifts every item one index up; the request started on A.
    const shifted = { ...model, indexOf: (id: string) => Number(id.slice(1)) + 1 } as unknown as ServingModel;
    const trending = registry.get('trending');
    const original = trending.candidates.bind(trending);
    trending.candidates = async (ctx) => {
      await Promise.resolve();
      published = { model: shifted, catalog: [], itemAt: [undefined, ...items] };
      return original(ctx);
    };
    const gathered = await stage.gather(requestContext({ served, placement: 'CART' }));
    if (gathered.kind !== 'model') throw new Error('expected the model path');
    expect(reads).toBe(1);
    expect(gathered.space.model).toBe(model);
    expect(gathered.space.basket).toEqual([2, 3]);
    expect(gathered.sparse[0].entries).toEqual([{ index: 4, score: 1, anchor: undefined }]);
    expect(gathered.space.history?.baskets.map((b) => b.items)).toEqual([[1], [2, 3]]);
  });
});

describe('weightedPlan', () => {
  it('keeps the plan without weights', () => {
    const plan = [{ source: 'popular', weight: 1 }];
    expect(weightedPlan(plan, null, () => true)).toBe(plan);
  });
});

describe('withRankerFallback', () => {
  const linear: BlendSourceSpec[] = [
    { name: 'collaborative', weight: 0.6, normalisation: 'zscore' },
    { name: 'content', weight: 0.4, normalisation: 'zscore' },
  ];
  it("hands the ranker's share to the linear blend when the artifact lacks the head", () => {
    const out = withRankerFallback({ ranker: 1, content: 0.1 }, { hasRankerHead: () => false }, true, linear);
    expect(out).toEqual({ ranker: 0, collaborative: 0.6, content: 0.5 });
  });
  it('keeps the weights when the head exists', () => {
    const weights = { ranker: 1 };
    expect(withRankerFallback(weights, { hasRankerHead: () => true }, false, linear)).toBe(weights);
  });
});
