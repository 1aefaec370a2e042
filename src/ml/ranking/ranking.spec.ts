import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PopularityScorer } from '../baselines/popularity-scorer.js';
import { splitLastBasket, validationSplit } from '../data/holdout-split.js';
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { evaluate } from '../evaluation/evaluate.js';
import { ItemItemModel } from '../models/item-item-model.js';
import { RepeatPurchaseScorer } from '../models/repeat-purchase-scorer.js';
import { SeededRandom } from '../models/shared/seeded-random.js';
import { syntheticPurchases } from '../models/testing/synthetic-purchases.js';
import { initTf } from '../tf/tf-backend.js';
import { registerTrainingKernels } from '../tf/kernels/training-kernels.js';
import { candidateFeatures, FEATURE_COUNT, FEATURE_NAMES } from './candidate-features.js';
import { candidatePool } from './candidate-pool.js';
import { fitRanker, rankerShoppers } from './fit-ranker.js';
import { ItemStatistics } from './item-statistics.js';
import { LearnedRanker } from './learned-ranker.js';
import { purchaseProfile } from './purchase-profile.js';
import { loadRanker, saveRanker } from './ranker-artifact.js';
import {
  DEFAULT_NETWORK_PARAMS,
  fitRankerNetwork,
  listNdcg,
  NetworkForward,
  type GuardList,
  type TrainingList,
} from './ranker-network.js';
import { RankerScorer } from './ranker-scorer.js';
import { latestBasketScorer } from './source-scorers.js';

const DAY = 86_400_000;
const basket = (id: number, day: number, items: number[], quantities = items.map(() => 1)) => ({
  id,
  time: day * DAY,
  items,
  quantities,
});
const col = (name: string) => FEATURE_NAMES.indexOf(name);

beforeAll(async () => {
  await initTf({ log: () => undefined });
  registerTrainingKernels();
});

describe('ItemStatistics', () => {
  // user 0 buys item 0 on days 0 and 10 (interval 10), item 1 on day 10; user 1 buys item 1 on day 20.
  const histories: UserHistory[] = [
    { user: 0, baskets: [basket(0, 0, [0]), basket(1, 10, [0, 1])] },
    { user: 1, baskets: [basket(2, 20, [1])] },
  ];
  const stats = ItemStatistics.fit(histories, 3, [
    { title: 'a', description: null, categories: [], price: 2 },
    { title: 'b', description: null, categories: [], price: null },
    { title: 'c', description: null, categories: [], price: 1 },
  ]);

  it('counts baskets, repeat buyers and repeat intervals per item, measured back from the data end', () => {
    const s = stats.state;
    expect(s.endMs).toBe(20 * DAY);
    expect(s.spanDays).toBe(20);
    expect(s.baskets).toEqual([2, 2, 0]);
    // smoothed (repeaters + mean rate) / (buyers + 1); mean rate = 1 repeater / 3 buyer pairs
    expect(s.repeatRate[0]).toBeCloseTo((1 + 1 / 3) / 2);
    expect(s.repeatRate[1]).toBeCloseTo(1 / 3 / 3);
    expect(s.intervalDays[0]).toBe(10);
    expect(s.intervalDays[2]).toBe(10); // nobody repeats item 2: the global median
    expect(s.lastSaleMs[1]).toBe(20 * DAY);
  });

  it('keeps unknown prices unknown through JSON', () => {
    const back = ItemStatistics.fromJSON(JSON.parse(JSON.stringify(stats.toJSON())));
    expect(back.state.price[0]).toBe(2);
    expect(Number.isNaN(back.state.price[1])).toBe(true);
    expect(() => ItemStatistics.fromJSON({ ...(stats.toJSON() as object), baskets: [1] })).toThrow(/cover 3 items/);
  });
});

describe('purchase profile, pool and features', () => {
  const history: UserHistory = {
    user: 0,
    baskets: [basket(0, 0, [0, 1], [2, 1]), basket(1, 10, [0]), basket(2, 30, [2])],
  };
  const price = [1, 3, Number.NaN, 2, 2];
  const profile = purchaseProfile(history, 40 * DAY, price);

  it('reads counts, recency and the shape of the visits', () => {
    expect(profile.own.get(0)).toEqual({ baskets: 2, firstMs: 0, lastMs: 10 * DAY, basketsAgo: 1 });
    expect(profile.own.get(2)?.basketsAgo).toBe(0);
    expect(profile.idleDays).toBe(10);
    expect(profile.spanDays).toBe(30);
    expect(profile.meanBasketSize).toBeCloseTo(4 / 3);
    expect(profile.meanPrice).toBeCloseTo((1 + 3 + 1) / 3); // item 2 has no price
  });

  it('pools own items first (most bought), then each source’s best, never twice, zeros left out', () => {
    const rows = { 'item-item': Float32Array.of(9, 0, 0, 5, 0), popularity: Float32Array.of(1, 1, 1, 1, 2) };
    const params = { own: 10, perSource: 2, popular: 1 };
    expect(Array.from(candidatePool(profile, rows, 5, params, true))).toEqual([0, 2, 1, 3, 4]);
    expect(Array.from(candidatePool(profile, rows, 5, params, false))).toEqual([3, 4]);
    expect(Array.from(candidatePool(profile, rows, 5, { ...params, own: 1 }, true))).toEqual([0, 3, 4]);
  });

  it('computes personal features, z-scores over the catalog and ranks within the pool', () => {
    const stats = ItemStatistics.fit([history], 5, undefined);
    const rows = { 'item-item': Float32Array.of(4, 0, 0, 2, -1) };
    const pool = Int32Array.of(0, 3);
    const f = candidateFeatures(pool, profile, stats, rows, 40 * DAY);
    expect(f.length).toBe(2 * FEATURE_COUNT);
    expect(f[col('own')]).toBe(1);
    expect(f[FEATURE_COUNT + col('own')]).toBe(0);
    expect(f[col('ownBaskets')]).toBeCloseTo(Math.log1p(2));
    expect(f[col('daysSinceBought')]).toBeCloseTo(Math.log1p(30));
    expect(f[col('inLatestBasket')]).toBe(0);
    // mean 1, variance (9 + 1 + 1 + 1 + 4) / 5 = 3.2 over the five scores 4, 0, 0, 2, -1
    expect(f[col('item-item:z')]).toBeCloseTo(3 / Math.sqrt(3.2), 5);
    expect(f[FEATURE_COUNT + col('item-item:z')]).toBeCloseTo(1 / Math.sqrt(3.2), 5);
    expect(f[col('item-item:rank')]).toBe(0);
    expect(f[FEATURE_COUNT + col('item-item:rank')]).toBeCloseTo(Math.log1p(1));
    expect(f[col('collaborative:z')]).toBe(0); // a source the artifact lacks reads as no evidence
  });
});

describe('ranker network', () => {
  it('NDCG@10 of a list against all targets, inside the pool or not', () => {
    expect(listNdcg([3, 2, 1], [0, 1, 0], 1)).toBeCloseTo(1 / Math.log2(3));
    expect(listNdcg([3, 2, 1], [1, 0, 0], 2)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)));
  });

  it('learns which feature marks the bought item, and its merged ensemble scores like its guard NDCG says', () => {
    // Relevance follows feature 0 plus noise features: a learnable signal.
    const lists = (count: number, seed: number) => {
      let s = seed;
      const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
      return Array.from({ length: count }, () => {
        const m = 30;
        const features = Float32Array.from({ length: m * FEATURE_COUNT }, () => rnd() * 10);
        const relevance = new Float32Array(m);
        const hit = Math.floor(rnd() * m);
        relevance[hit] = 1;
        features[hit * FEATURE_COUNT] += 25;
        return { features, relevance, targets: 1 };
      });
    };
    const train: TrainingList[] = lists(200, 3);
    const guard: GuardList[] = lists(50, 5);
    const fit = fitRankerNetwork(train, guard, FEATURE_COUNT, {
      hidden: [8, 4],
      l2Grid: [0.001],
      ensemble: 2,
      learningRate: 0.01,
      maxEpochs: 15,
      patience: 3,
      batchLists: 32,
      seed: 1,
    });
    expect(fit.guardNdcg).toBeGreaterThan(0.9); // random order scores about 0.13 on 30 candidates
    const merged = new NetworkForward(fit.weights);
    let sum = 0;
    for (const g of guard) sum += listNdcg(merged.score(g.features, 30), g.relevance, 1);
    merged.dispose();
    expect(sum / guard.length).toBeCloseTo(fit.guardNdcg, 6);
  });

  it('pins a feature that never varied in training: it cannot move a score', () => {
    const constant = 3; // e.g. every validation shopper had one basket
    const lists = (count: number, seed: number): GuardList[] => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: count }, () => {
        const m = 20;
        const features = Float32Array.from({ length: m * FEATURE_COUNT }, () => rng.next() * 10);
        for (let r = 0; r < m; r++) features[r * FEATURE_COUNT + constant] = 1;
        const relevance = new Float32Array(m);
        const hit = Math.floor(rng.next() * m);
        relevance[hit] = 1;
        features[hit * FEATURE_COUNT] += 25;
        return { features, relevance, targets: 1 };
      });
    };
    const guard = lists(20, 2);
    const fit = fitRankerNetwork(lists(100, 1), guard, FEATURE_COUNT, {
      ...DEFAULT_NETWORK_PARAMS,
      hidden: [8, 4],
      l2Grid: [0.001],
      ensemble: 1,
      maxEpochs: 3,
    });
    expect(fit.weights.inputRange!.min[constant]).toBe(1);
    expect(fit.weights.inputRange!.max[constant]).toBe(1);
    // A feature that varied may exceed what training saw.
    expect(fit.weights.inputRange!.min[0]).toBe(-Infinity);
    expect(fit.weights.inputRange!.max[0]).toBe(Infinity);
    const forward = new NetworkForward(fit.weights);
    const unclamped = new NetworkForward({ layers: fit.weights.layers });
    try {
      const shifted = Float32Array.from(guard[0].features);
      for (let r = 0; r < 20; r++) shifted[r * FEATURE_COUNT + constant] = 40;
      expect(Array.from(forward.score(shifted, 20))).toEqual(Array.from(forward.score(guard[0].features, 20)));
      // Without the range the untrained weights of that input do move the scores.
      expect(Array.from(unclamped.score(shifted, 20))).not.toEqual(Array.from(unclamped.score(guard[0].features, 20)));
    } finally {
      forward.dispose();
      unclamped.dispose();
    }
  });
});

describe('fitRanker on purchase data', () => {
  it('learns on validation baskets, beats popularity on held-out baskets, and survives a save and load', async () => {
    const data = syntheticPurchases({ users: 240, baskets: 6, clusters: 4, itemsPerCluster: 15, seed: 11 });
    const split = splitLastBasket(data.histories, data.numItems);
    const val = validationSplit(split);
    const sourcesOn = async (histories: UserHistory[]) => {
      const d = { numItems: data.numItems, histories, items: data.items };
      const { model } = await ItemItemModel.fit(d, { lambda: 10, neighbours: 20 });
      return {
        'item-item': model,
        'item-item-latest': latestBasketScorer(model, 'latest'),
        repeat: RepeatPurchaseScorer.fit(d),
        popularity: PopularityScorer.fit(d),
      };
    };
    const valSources = await sourcesOn(val.train);
    const popularity = valSources.popularity;
    const fit = await fitRanker(
      val.test,
      valSources,
      ItemStatistics.fit(val.train, data.numItems, data.items),
      [popularity],
      {
        network: { l2Grid: [0.001], ensemble: 1, maxEpochs: 12, hidden: [16, 8] },
        negatives: 20,
      },
    );
    const verdict = fit.verdicts.find((v) => v.head === 'new')!;
    expect(verdict.kept).toBe(true);
    expect(verdict.ranker).toBeGreaterThan(verdict.alternative!.value);
    expect(verdict.judgeLists).toBeGreaterThan(0);
    expect(fit.params.judgeUsers).toBe(Math.round(val.test.length * 0.15));
    const testStats = ItemStatistics.fit(split.train, data.numItems, data.items);
    const ranker = new LearnedRanker(fit.ranker!.heads, fit.ranker!.pool, testStats);
    const testSources = await sourcesOn(split.train);
    const ndcgNew = async (scorer: ConstructorParameters<typeof RankerScorer>[0] | null) => {
      const r = await evaluate(
        scorer ? new RankerScorer(scorer, 'new', testSources, testStats.endMs) : testSources.popularity,
        split,
      );
      return r.settings.find((s) => s.setting === 'new')!.metrics['ndcg@10'];
    };
    const ours = await ndcgNew(ranker);
    expect(ours).toBeGreaterThan(1.1 * (await ndcgNew(null)));

    const dir = await mkdtemp(join(tmpdir(), 'tailor-ranker-'));
    try {
      await saveRanker(dir, ranker);
      const loaded = await loadRanker(dir);
      const h = split.test[0].history;
      const rows = { popularity: testSources.popularity.counts };
      const a = ranker.rank(h, rows, testStats.endMs, 'new')!;
      const b = loaded.rank(h, rows, testStats.endMs, 'new')!;
      expect(Array.from(b.pool)).toEqual(Array.from(a.pool));
      expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
      expect(Array.from(loaded.heads.new!.inputRange!.max)).toEqual(Array.from(ranker.heads.new!.inputRange!.max));
      loaded.dispose();
    } finally {
      ranker.dispose();
      fit.ranker!.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('splits the validation shoppers into disjoint training, guard and judge parts, the same for a seed', () => {
    const data = syntheticPurchases({ users: 200, baskets: 4, clusters: 3, itemsPerCluster: 10, seed: 5 });
    const val = validationSplit(splitLastBasket(data.histories, data.numItems));
    const parts = rankerShoppers(val.test, { guardShare: 0.2, judgeShare: 0.1 }, new SeededRandom(3));
    const users = (cs: typeof val.test) => cs.map((c) => c.history.user);
    expect(parts.guard).toHaveLength(Math.round(val.test.length * 0.2));
    expect(parts.judge).toHaveLength(Math.round(val.test.length * 0.1));
    const all = [...users(parts.train), ...users(parts.guard), ...users(parts.judge)];
    expect(new Set(all).size).toBe(val.test.length);
    const again = rankerShoppers(val.test, { guardShare: 0.2, judgeShare: 0.1 }, new SeededRandom(3));
    expect(users(again.judge)).toEqual(users(parts.judge));
    const capped = rankerShoppers(val.test, { maxUsers: 50 }, new SeededRandom(3));
    expect(capped.train.length + capped.guard.length + capped.judge.length).toBe(50);
  });

  it('falls back to an alternative that ranks the judge shoppers better, and says so', async () => {
    const data = syntheticPurchases({ users: 240, baskets: 6, clusters: 4, itemsPerCluster: 15, seed: 11 });
    const val = validationSplit(splitLastBasket(data.histories, data.numItems));
    const d = { numItems: data.numItems, histories: val.train, items: data.items };
    const popularity = PopularityScorer.fit(d);
    // Knows every validation shopper's next basket: no ranker can beat it.
    const targets = new Map(val.test.map((c) => [c.history.user, c.target.items]));
    const oracle: Scorer = {
      name: 'Oracle',
      scoreUsers: (histories) => {
        const out = new Float32Array(histories.length * data.numItems);
        histories.forEach((h, u) => {
          for (const i of targets.get(h.user) ?? []) out[u * data.numItems + i] = 1;
        });
        return out;
      },
    };
    const fit = await fitRanker(
      val.test,
      { repeat: RepeatPurchaseScorer.fit(d), popularity },
      ItemStatistics.fit(val.train, data.numItems, data.items),
      [popularity, oracle],
      { network: { l2Grid: [0.001], ensemble: 1, maxEpochs: 3, hidden: [8, 4] }, negatives: 10 },
    );
    expect(fit.ranker).toBeNull();
    for (const verdict of fit.verdicts) {
      expect(verdict.kept).toBe(false);
      expect(verdict.alternative?.name).toBe('Oracle');
      expect(verdict.reason).toMatch(/Oracle ranks the judge shoppers at least as well/);
    }
  }, 60_000);

  it('serves a kept head retrained with the judge shoppers added, a judged one without them', async () => {
    const data = syntheticPurchases({ users: 200, baskets: 5, clusters: 4, itemsPerCluster: 12, seed: 21 });
    const val = validationSplit(splitLastBasket(data.histories, data.numItems));
    const d = { numItems: data.numItems, histories: val.train, items: data.items };
    const popularity = PopularityScorer.fit(d);
    const fitWith = async (refitWithJudge: boolean) => {
      const messages: string[] = [];
      const fit = await fitRanker(
        val.test,
        { repeat: RepeatPurchaseScorer.fit(d), popularity },
        ItemStatistics.fit(val.train, data.numItems, data.items),
        [popularity],
        {
          network: { l2Grid: [0.001], ensemble: 2, maxEpochs: 3, hidden: [8, 4] },
          negatives: 10,
          keep: 'always',
          refitWithJudge,
          log: (m) => messages.push(m),
        },
      );
      return { fit, messages };
    };
    const judged = await fitWith(false);
    const refitted = await fitWith(true);
    try {
      expect(judged.messages.some((m) => /refitted with the judge shoppers/.test(m))).toBe(false);
      expect(refitted.messages.filter((m) => /refitted with the judge shoppers/.test(m))).toHaveLength(2);
      // Two members merged side by side: the first layer is twice as wide either way.
      expect(refitted.fit.ranker!.heads.all!.layers[0].cols).toBe(16);
      expect(Array.from(refitted.fit.ranker!.heads.all!.layers[0].w)).not.toEqual(
        Array.from(judged.fit.ranker!.heads.all!.layers[0].w),
      );
    } finally {
      judged.fit.ranker?.dispose();
      refitted.fit.ranker?.dispose();
    }
  }, 60_000);
});
