import type { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import type { CatalogSnapshotService } from '../catalog/catalog-snapshot.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { AppConfig } from '../config/app-config.js';
import type { ModelServingService } from '../model-serving/model-serving.service.js';
import type { PlacementWeightsService } from '../settings/placement-weights.service.js';
import { candidate, catalogItem, FakeCatalog, fakePopularity } from '../../test/support/recommendation-fakes.js';
import { ApplyRulesStage } from './pipeline/apply-rules.stage.js';
import { DeliverStage } from './pipeline/deliver.stage.js';
import { ExplainStage } from './pipeline/explain.stage.js';
import { FillListStage } from './pipeline/fill-list.stage.js';
import { GatherCandidatesStage } from './pipeline/gather-candidates.stage.js';
import { RankStage } from './pipeline/rank.stage.js';
import { RecommendationPipeline } from './pipeline/recommendation-pipeline.js';
import { ResolveContextStage } from './pipeline/resolve-context.stage.js';
import type { PopularitySnapshotService } from './popularity-snapshot.service.js';
import type { PurchaseHistoryService } from './purchase-history.service.js';
import type { RecommendationsRepository } from './recommendations.repository.js';
import { RecommendationsService } from './recommendations.service.js';
import type { ServingSnapshotService } from './serving-snapshot.service.js';
import { CandidateSourceRegistry } from './sources/candidate-source.registry.js';

// The three use cases through every stage, without a trained model: the baseline sources, the fill, the cache.
const items = [1, 2, 3, 4, 5, 6].map((n) => catalogItem(n));
const config = {
  DIVERSITY: 'off',
  NEW_ITEM_SLOTS: 0,
  POPULARITY_WINDOW_DAYS: 30,
  REDIS_KEY_PREFIX: 't:',
} as unknown as AppConfig;

function setup(opts: { failingSource?: boolean } = {}) {
  const catalog = new FakeCatalog(items);
  const popularity = fakePopularity([candidate('5', 1), candidate('6', 0.5)], []);
  let leased = 0;
  const serving = {
    lease: () => (leased++, { served: null, release: () => leased-- }),
  } as unknown as ModelServingService;
  const store = new Map<string, string>();
  const cache = {
    get: (u: string, f: string) => Promise.resolve(store.get(u + f) ?? null),
    set: (u: string, f: string, v: string) => Promise.resolve(void store.set(u + f, v)),
  } as unknown as RecommendationCacheService;
  const sources = new CandidateSourceRegistry([
    { name: 'popular', candidates: () => popularity.get().popular },
    { name: 'trending', candidates: () => [candidate('2', 1, 'trending')] },
    {
      name: 'co-purchase',
      candidates: (ctx) => {
        if (opts.failingSource) throw new Error('co-purchase is down');
        return [candidate('3', 2, 'co-purchase', ctx.seedItem?.internalId ?? ctx.seedItems?.[0].internalId)];
      },
    },
  ]);
  const weights = { hasSegmentWeights: () => false, version: () => 1 } as unknown as PlacementWeightsService;
  const history = {
    lines: (user: string) => Promise.resolve(user === 'u1' ? [{ itemId: '1', basket: 'a', ms: 1 }] : []),
  } as unknown as PurchaseHistoryService;
  const snapshotCatalog = catalog as unknown as CatalogSnapshotService;
  const pop = popularity as unknown as PopularitySnapshotService;
  const service = new RecommendationsService(
    new ResolveContextStage(
      {} as RecommendationsRepository,
      catalog as unknown as CatalogService,
      pop,
      serving,
      weights,
      config,
    ),
    new RecommendationPipeline(
      new GatherCandidatesStage(history, sources, snapshotCatalog, {} as ServingSnapshotService, weights),
      new RankStage(config),
      new ApplyRulesStage(config),
      new ExplainStage(config),
      new FillListStage(snapshotCatalog, pop),
      new DeliverStage(cache, snapshotCatalog),
    ),
  );
  return { service, leased: () => leased, store };
}

describe('RecommendationsService', () => {
  it('recommend: blends the HOME plan, leaves out purchases, fills to the limit, then serves the cached list', async () => {
    const { service, store } = setup();
    const list = await service.recommend({ userId: 'u1', limit: 4, placement: 'HOME' });
    expect(list.items.map((r) => [r.item.id, r.source])).toEqual([
      ['i5', 'popular'],
      ['i2', 'trending'],
      ['i6', 'popular'],
      ['i3', 'catalog'],
    ]);
    expect([list.cached, list.coldStart, list.modelVersion]).toEqual([false, false, null]);
    expect(store.size).toBe(1);
    const again = await service.recommend({ userId: 'u1', limit: 4, placement: 'HOME' });
    expect(again.cached).toBe(true);
    expect(again.items.map((r) => r.item.id)).toEqual(list.items.map((r) => r.item.id));
  });

  it('similarItems: co-purchases of the item, anchored on it, never the item itself', async () => {
    const { service } = setup();
    const list = await service.similarItems({ itemId: 'i3', limit: 2 });
    expect(list.items.map((r) => r.item.id)).toEqual(['i5', 'i6']);
    const other = await service.similarItems({ itemId: 'i1', limit: 1 });
    expect([other.items[0].item.id, other.items[0].anchorItem?.id, other.coldStart]).toEqual(['i3', 'i1', false]);
  });

  it('complementaryItems: never an item of the basket; an anonymous basket is a cold start', async () => {
    const { service } = setup();
    const list = await service.complementaryItems({ itemIds: ['i3', 'i5'], limit: 3 });
    expect(list.items.map((r) => r.item.id)).toEqual(['i6', 'i1', 'i2']);
    expect(list.coldStart).toBe(true);
  });

  it('releases the model lease when a stage fails', async () => {
    const { service, leased } = setup({ failingSource: true });
    await expect(service.similarItems({ itemId: 'i1', limit: 2 })).rejects.toThrow('co-purchase is down');
    expect(leased()).toBe(0);
  });
});
