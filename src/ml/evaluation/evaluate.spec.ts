import type { UserHistory } from '../dataset.js';
import type { HoldoutSplit } from '../data/holdout-split.js';
import type { Scorer } from '../scorer.js';
import { evaluate, primaryMetricValue, splitTargets } from './evaluate.js';
import { DEFAULT_PROTOCOL, parseMetric, parsePrimaryMetric } from './evaluation-protocol.js';
import { formatMetricsTable } from './metrics-table.js';

const basket = (id: number, items: number[]) => ({ id, time: id, items, quantities: items.map(() => 1) });

// 5 items. User 0 bought {0,1}, holds out {1,3}. User 1 bought {2}, holds out {2} (no new items).
const split: HoldoutSplit = {
  numItems: 5,
  train: [],
  test: [
    { history: { user: 0, baskets: [basket(0, [0, 1])] }, target: basket(1, [1, 3]) },
    { history: { user: 1, baskets: [basket(2, [2])] }, target: basket(3, [2]) },
    { history: { user: 2, baskets: [] }, target: basket(4, [4]) }, // empty history: not a test user
  ],
};

// The same fixed ranking for everyone: 1 > 2 > 3 > 0 > 4.
const fixed: Scorer = {
  name: 'fixed',
  scoreUsers: (hs: UserHistory[]) => {
    const out = new Float32Array(hs.length * 5);
    hs.forEach((_, r) => out.set([2, 5, 4, 3, 1], r * 5));
    return out;
  },
};

describe('evaluate', () => {
  it('ranks the full catalog per setting and counts test users as documented', async () => {
    const protocol = { ...DEFAULT_PROTOCOL, metrics: ['hr@1', 'recall@2', 'ndcg@3', 'mrr@3', 'coverage@2'] };
    const r = await evaluate(fixed, split, protocol, { batchSize: 1 });
    const all = r.settings.find((s) => s.setting === 'all')!;
    const neu = r.settings.find((s) => s.setting === 'new')!;
    // all: user0 ranking [1,2,3], targets {1,3}: hr@1=1, recall@2=1/2, ndcg@3=(1+0.5)/(1+1/log2 3), mrr=1
    //      user1 ranking [1,2,3], targets {2}: hr@1=0, recall@2=1, ndcg@3=1/log2 3, mrr=1/2
    expect(all.users).toBe(2);
    expect(all.metrics['hr@1']).toBeCloseTo(0.5, 12);
    expect(all.metrics['recall@2']).toBeCloseTo(0.75, 12);
    const idcg2 = 1 + 1 / Math.log2(3);
    expect(all.metrics['ndcg@3']).toBeCloseTo((1.5 / idcg2 + 1 / Math.log2(3)) / 2, 12);
    expect(all.metrics['mrr@3']).toBeCloseTo(0.75, 12);
    expect(all.metrics['coverage@2']).toBeCloseTo(2 / 5, 12);
    // new: only user0 counts (user1's target was bought before); candidates exclude {0,1}: ranking [2,3,4], targets {3}
    expect(neu.users).toBe(1);
    expect(neu.metrics['hr@1']).toBe(0);
    expect(neu.metrics['recall@2']).toBe(1);
    expect(neu.metrics['ndcg@3']).toBeCloseTo(1 / Math.log2(3), 12);
    expect(neu.metrics['mrr@3']).toBeCloseTo(0.5, 12);
    expect(primaryMetricValue({ ...r, protocol: { ...protocol, primaryMetric: 'mrr@3:new' } })).toBeCloseTo(0.5, 12);
    expect(formatMetricsTable([r])).toContain('[new items]');
  });

  it("splits the 'all' metrics into repeat and explore parts over the same ranked list", async () => {
    const protocol = { ...DEFAULT_PROTOCOL, metrics: ['hr@1', 'recall@2', 'ndcg@3', 'mrr@3', 'coverage@2'] };
    const all = (await evaluate(fixed, split, protocol)).settings.find((s) => s.setting === 'all')!;
    // ranking [1,2,3] for both. user0: repeat {1} at rank 1, explore {3} at rank 3; user1: repeat {2} at rank 2
    expect(all.partUsers).toEqual({ repeat: 2, explore: 1 });
    expect(all.metrics['hr@1:repeat']).toBeCloseTo(0.5, 12);
    expect(all.metrics['hr@1:explore']).toBe(0);
    expect(all.metrics['recall@2:repeat']).toBe(1);
    expect(all.metrics['recall@2:explore']).toBe(0);
    expect(all.metrics['ndcg@3:repeat']).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 12);
    expect(all.metrics['ndcg@3:explore']).toBeCloseTo(0.5, 12); // 1/log2(4), ideal 1
    expect(all.metrics['mrr@3:repeat']).toBeCloseTo(0.75, 12);
    expect(all.metrics['mrr@3:explore']).toBeCloseTo(1 / 3, 12);
    expect(all.metrics['coverage@2:repeat']).toBeUndefined();
    expect(formatMetricsTable([{ scorer: 'fixed', protocol, settings: [all], seconds: 0 }])).toContain(
      '  0.8155 / 0.5000', // ndcg@3: (1 + 1/log2 3) / 2 = 0.8155, then 1/log2 4 = 0.5
    );
    expect(splitTargets(new Set([1, 3]), new Set([0, 1]))).toEqual({ repeat: new Set([1]), explore: new Set([3]) });
  });

  it('parses metric ids and rejects unknown ones', () => {
    expect(parseMetric('NDCG@10')).toEqual({ id: 'ndcg@10', name: 'ndcg', k: 10 });
    expect(parsePrimaryMetric('recall@20:new').setting).toBe('new');
    expect(() => parseMetric('auc')).toThrow(/unknown metric/);
  });
});
