import type { CatalogService } from '../../catalog/catalog.service.js';
import type { AppConfig } from '../../config/app-config.js';
import type { ContactFrequencyService } from '../../contact-frequency/contact-frequency.service.js';
import type { ExperimentAssignmentService } from '../../experiments/experiment-assignment.service.js';
import type { ModelServingService } from '../../model-serving/model-serving.service.js';
import type { PersonalizationService } from '../../personalization/personalization.service.js';
import type { PlacementWeightsService } from '../../settings/placement-weights.service.js';
import type { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import type { RecommendationsRepository } from '../recommendations.repository.js';
import { catalogItem, FakeCatalog, fakePopularity } from '../../../test/support/recommendation-fakes.js';
import { ResolveContextStage } from './resolve-context.stage.js';

const config = { REDIS_KEY_PREFIX: 't:', DIVERSITY: 'mmr' } as unknown as AppConfig;

function setup(
  opts: { variant?: Record<string, number> | null; segmentWeights?: Record<string, number>; optedOut?: string[] } = {},
) {
  const leases: string[] = [];
  const serving = {
    lease: () => (leases.push('active'), { served: null, release: () => undefined }),
    leaseVersion: (v: string) => Promise.resolve((leases.push(v), { served: null, release: () => undefined })),
  };
  const weights = {
    hasSegmentWeights: () => opts.segmentWeights !== undefined,
    forSegment: () => ({ weights: opts.segmentWeights, target: 'vip', version: 3 }),
    version: () => 7,
  };
  const experiments = {
    assign: () =>
      Promise.resolve(
        opts.variant === undefined
          ? null
          : { experimentId: 'e1', variant: 'b', weights: opts.variant, modelVersion: opts.variant ? 'v2' : null },
      ),
  };
  const contact = { suppressed: () => Promise.resolve(new Set(['i3'])) };
  const personalization = { allows: (userId: string) => Promise.resolve(!(opts.optedOut ?? []).includes(userId)) };
  const stage = new ResolveContextStage(
    { userSegment: () => Promise.resolve({ segment: 'vip' }) } as unknown as RecommendationsRepository,
    new FakeCatalog([1, 2, 3].map((n) => catalogItem(n))) as unknown as CatalogService,
    fakePopularity([], [], 42) as unknown as PopularitySnapshotService,
    serving as unknown as ModelServingService,
    weights as unknown as PlacementWeightsService,
    config,
    experiments as unknown as ExperimentAssignmentService,
    contact as unknown as ContactFrequencyService,
    personalization as unknown as PersonalizationService,
  );
  return { stage, leases };
}

const home = { userId: 'u1', limit: 10, placement: 'HOME' as const };

describe('ResolveContextStage', () => {
  it("resolves a shopper's request: caps, a cache field, the data's now and the candidate budget", async () => {
    const ctx = await setup().stage.forUser(home);
    expect([...ctx.capped]).toEqual(['i3']);
    expect(ctx.cacheField).toEqual(expect.any(String));
    expect([ctx.anchorMs, ctx.budget, ctx.weights, ctx.assignment]).toEqual([42, 100, null, null]);
  });

  it("takes an experiment variant's weights and leases its model version", async () => {
    const { stage, leases } = setup({ variant: { trending: 1 }, segmentWeights: { popular: 1 } });
    const ctx = await stage.forUser(home);
    expect(ctx.weights).toEqual({ trending: 1 });
    expect(leases).toEqual(['v2']);
  });

  it("falls back to the customer segment's weights, which change the cache field", async () => {
    const plain = await setup().stage.forUser(home);
    const segmented = await setup({ segmentWeights: { popular: 1 } }).stage.forUser(home);
    expect(segmented.weights).toEqual({ popular: 1 });
    expect(segmented.cacheField).not.toBe(plain.cacheField);
  });

  it('gives a preview no experiment, no cache and no caps', async () => {
    const ctx = await setup({ variant: { trending: 1 } }).stage.forUser({ ...home, weightsOverride: { popular: 1 } });
    expect([ctx.preview, ctx.cacheField, ctx.capped.size, ctx.weights]).toEqual([true, null, 0, { popular: 1 }]);
  });

  it('resolves an opted-out shopper to an anonymous list: no experiment, segment weights, caps, cache or model', async () => {
    const { stage, leases } = setup({ variant: { trending: 1 }, segmentWeights: { popular: 1 }, optedOut: ['u1'] });
    const ctx = await stage.forUser({ ...home, placement: 'BUY_AGAIN' });
    expect(ctx).toMatchObject({
      personalized: false,
      userId: null,
      placement: 'BUY_AGAIN',
      assignment: null,
      weights: null,
      served: null,
      cacheField: null,
      preview: false,
    });
    expect([ctx.capped.size, ctx.filter.excludePurchased, leases]).toEqual([0, false, []]);
    // Another shopper on the same stage is still personalised.
    const other = await stage.forUser({ ...home, userId: 'u2' });
    expect([other.personalized, other.userId, other.assignment?.variant]).toEqual([true, 'u2', 'b']);
  });

  it('gives a request asking for no personalisation the same anonymous context, even over a preview', async () => {
    const ctx = await setup({ variant: { trending: 1 } }).stage.forUser({
      ...home,
      personalized: false,
      weightsOverride: { popular: 1 },
    });
    expect([ctx.personalized, ctx.userId, ctx.cacheField, ctx.assignment, ctx.weights]).toEqual([
      false,
      null,
      null,
      null,
      null,
    ]);
  });

  it("treats an opted-out shopper's basket as anonymous: no user, no caps", async () => {
    const ctx = await setup({ optedOut: ['u1'] }).stage.forBasket({ itemIds: ['i1'], userId: 'u1', limit: 5 });
    expect([ctx.personalized, ctx.userId, ctx.capped.size, ctx.placement]).toEqual([false, null, 0, 'CART']);
  });

  it('lets BUY_AGAIN show purchases whatever the filter says', async () => {
    const ctx = await setup().stage.forUser({ ...home, placement: 'BUY_AGAIN', filter: { excludePurchased: true } });
    expect(ctx.filter.excludePurchased).toBe(false);
  });

  it('rejects a limit out of bounds, an unknown item and an oversized basket with the argument named', async () => {
    const { stage } = setup();
    await expect(stage.forUser({ ...home, limit: 101 })).rejects.toMatchObject({ details: { argument: 'limit' } });
    await expect(stage.forItem({ itemId: 'i9', limit: 5 })).rejects.toMatchObject({ details: { argument: 'itemId' } });
    const basket = { itemIds: Array.from({ length: 101 }, (_, i) => `i${i}`), limit: 5 };
    await expect(stage.forBasket(basket)).rejects.toMatchObject({ details: { argument: 'itemIds' } });
  });

  it('resolves similarItems to PRODUCT around the item and complementaryItems to CART around the basket', async () => {
    const { stage } = setup();
    const item = await stage.forItem({ itemId: 'i2', limit: 5 });
    expect([item.placement, item.subject, item.userId, item.cacheField]).toEqual([
      'PRODUCT',
      { kind: 'item', seedItem: expect.objectContaining({ id: 'i2' }) },
      null,
      null,
    ]);
    const basket = await stage.forBasket({ itemIds: ['i1', 'i2', 'i1'], userId: 'u1', limit: 5 });
    expect(basket.placement).toBe('CART');
    expect(basket.subject.kind === 'basket' && basket.subject.basketItems.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect([...basket.capped]).toEqual(['i3']);
  });
});
