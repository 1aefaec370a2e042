import type { AppConfig } from '../../config/app-config.js';
import { catalogItem, modelCandidates } from '../../../test/support/recommendation-fakes.js';
import { ApplyRulesStage } from './apply-rules.stage.js';
import type { Ranking } from './rank.stage.js';

// Items 0..5; categories alternate c0, c1 (catalogItem), so 0, 2, 4 share c0.
const items = [0, 1, 2, 3, 4, 5].map((n) => catalogItem(n));
const config = (over: Partial<AppConfig>) =>
  ({ DIVERSITY: 'off', DIVERSITY_CATEGORY_CAP: 1, DIVERSITY_MMR_LAMBDA: 0.9, NEW_ITEM_SLOTS: 0, ...over }) as AppConfig;
const pool = (indices: number[]) => indices.map((index, i) => ({ index, score: 10 - i, source: 'collaborative' }));

describe('ApplyRulesStage', () => {
  it('passes a baseline ranking unchanged', () => {
    const ranking = { kind: 'baseline', ranked: [] } as unknown as Ranking;
    expect(new ApplyRulesStage(config({})).apply(ranking, 3)).toBe(ranking);
  });

  it('cuts the pool to the limit without diversity', () => {
    const ranking: Ranking = { kind: 'model', gathered: modelCandidates(items), pool: pool([0, 2, 4, 1]) };
    const out = new ApplyRulesStage(config({})).apply(ranking, 2);
    expect(out.kind === 'model' && out.pool.map((c) => c.index)).toEqual([0, 2]);
  });

  it('defers items past the per-category cap', () => {
    const ranking: Ranking = { kind: 'model', gathered: modelCandidates(items), pool: pool([0, 2, 4, 1]) };
    const out = new ApplyRulesStage(config({ DIVERSITY: 'category-cap' })).apply(ranking, 2);
    expect(out.kind === 'model' && out.pool.map((c) => c.index)).toEqual([0, 1]);
  });

  it('gives a new item (index past the artifact) a slot when its content score fits', () => {
    const gathered = modelCandidates(items, { dense: [{ name: 'content', scores: [0.9, 0.8, 0.7, 0.1, 0.1, 0.95] }] });
    gathered.space.model = { ...gathered.space.model, numItems: 5 } as typeof gathered.space.model;
    const ranking: Ranking = { kind: 'model', gathered, pool: pool([0, 1, 2]) };
    const out = new ApplyRulesStage(config({ NEW_ITEM_SLOTS: 1 })).apply(ranking, 3);
    expect(out.kind === 'model' && out.pool.map((c) => c.index)).toContain(5);
  });
});
