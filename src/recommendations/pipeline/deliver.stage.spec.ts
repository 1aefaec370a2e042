import type { RecommendationCacheService } from '../../cache/recommendation-cache.service.js';
import type { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import type { ContactFrequencyService } from '../../contact-frequency/contact-frequency.service.js';
import type { ExperimentAssignmentService } from '../../experiments/experiment-assignment.service.js';
import type { RecommendationListView } from '../recommendation-view.js';
import { catalogItem, FakeCatalog, requestContext } from '../../../test/support/recommendation-fakes.js';
import { DeliverStage } from './deliver.stage.js';

const items = [1, 2, 3].map((n) => catalogItem(n));

function setup() {
  const store = new Map<string, string>();
  const cache = {
    get: (user: string, field: string) => Promise.resolve(store.get(`${user}/${field}`) ?? null),
    set: (user: string, field: string, value: string) => Promise.resolve(void store.set(`${user}/${field}`, value)),
  };
  const shown: { userId: string; placement: string; itemIds: readonly string[] }[] = [];
  const contact = {
    shown: (userId: string, placement: string, itemIds: readonly string[]) =>
      Promise.resolve(void shown.push({ userId, placement, itemIds })),
  };
  const exposures: { requestId: string; itemIds: string[] }[] = [];
  const experiments = { served: (_a: unknown, list: { requestId: string; itemIds: string[] }) => exposures.push(list) };
  const stage = new DeliverStage(
    cache as unknown as RecommendationCacheService,
    new FakeCatalog(items) as unknown as CatalogSnapshotService,
    experiments as unknown as ExperimentAssignmentService,
    contact as unknown as ContactFrequencyService,
  );
  return { stage, store, shown, exposures };
}

const list = (ids: number[]): RecommendationListView => ({
  requestId: 'r1',
  items: ids.map((n) => ({ item: items[n - 1], score: 1, source: 'popular', reason: null, anchorItem: null })),
  modelVersion: null,
  cached: false,
  coldStart: true,
  personalized: true,
});

describe('DeliverStage', () => {
  it('caches a fresh list and serves it back as cached with a new request id', async () => {
    const { stage, store } = setup();
    const ctx = requestContext({ cacheField: 'f' });
    await stage.fresh(ctx, list([1, 2]));
    expect(store.size).toBe(1);
    const hit = await stage.cached(ctx);
    expect(hit?.items.map((r) => r.item.id)).toEqual(['i1', 'i2']);
    expect(hit?.cached).toBe(true);
    expect(hit?.requestId).not.toBe('r1');
  });

  it('neither caches a list made under contact caps nor serves a cached list holding a capped item', async () => {
    const { stage, store } = setup();
    await stage.fresh(requestContext({ cacheField: 'f', capped: new Set(['i9']) }), list([1]));
    expect(store.size).toBe(0);
    await stage.fresh(requestContext({ cacheField: 'f' }), list([1, 2]));
    expect(await stage.cached(requestContext({ cacheField: 'f', capped: new Set(['i2']) }))).toBeNull();
  });

  it('counts impressions and logs the exposure under an experiment, tagging the list with its variant', async () => {
    const { stage, shown, exposures } = setup();
    const assignment = { experimentId: 'e1', variant: 'b', weights: null, modelVersion: null };
    const out = await stage.deliver(requestContext({ assignment }), list([3]));
    expect(shown).toEqual([{ userId: 'u1', placement: 'HOME', itemIds: ['i3'] }]);
    expect(exposures).toEqual([expect.objectContaining({ requestId: 'r1', itemIds: ['i3'] })]);
    expect([out.experimentId, out.variant]).toEqual(['e1', 'b']);
  });

  it('records nothing for a preview or an anonymous list', async () => {
    const { stage, shown, exposures } = setup();
    await stage.deliver(requestContext({ preview: true }), list([1]));
    await stage.deliver(requestContext({ userId: null }), list([1]));
    expect(shown).toEqual([]);
    expect(exposures).toEqual([]);
  });
});
