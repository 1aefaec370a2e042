import type { AppConfig } from '../../config/app-config.js';
import { candidate, catalogItem, modelCandidates } from '../../../test/support/recommendation-fakes.js';
import { itemPredicate, normalizeFilter } from '../ranking/recommendation-filter.js';
import type { GatheredCandidates } from './gather-candidates.stage.js';
import { RankStage } from './rank.stage.js';

const items = [0, 1, 2, 3].map((n) => catalogItem(n));
const config = (DIVERSITY: AppConfig['DIVERSITY']) => ({ DIVERSITY }) as AppConfig;

describe('RankStage', () => {
  it('blends baseline lists by weight, each normalised by its maximum', () => {
    const gathered: GatheredCandidates = {
      kind: 'baseline',
      coldStart: true,
      excluded: new Set(),
      accepts: itemPredicate(normalizeFilter(undefined), new Set()),
      lists: [
        { candidates: [candidate('1', 10), candidate('2', 5)], weight: 1 },
        { candidates: [candidate('3', 2, 'trending')], weight: 0.9 },
      ],
    };
    const ranking = new RankStage(config('off')).rank(gathered, 3, 65);
    expect(ranking.kind === 'baseline' && ranking.ranked.map((c) => [c.itemId, c.score])).toEqual([
      ['1', 1],
      ['3', 0.9],
      ['2', 0.5],
    ]);
  });

  it("keeps the model's accepted items best first, as many as the list needs without diversity", () => {
    const gathered = modelCandidates(items, {
      dense: [{ name: 'collaborative', scores: [4, 3, 2, 1] }],
      excluded: ['1'],
    });
    const ranking = new RankStage(config('off')).rank(gathered, 2, 65);
    expect(ranking.kind === 'model' && ranking.pool.map((c) => [c.index, c.source])).toEqual([
      [0, 'collaborative'],
      [2, 'collaborative'],
    ]);
  });

  it('keeps a larger pool for MMR to choose from', () => {
    const gathered = modelCandidates(items, { dense: [{ name: 'content', scores: [4, 3, 2, 1] }] });
    const ranking = new RankStage(config('mmr')).rank(gathered, 1, 65);
    expect(ranking.kind === 'model' && ranking.pool.length).toBe(4);
  });

  it('gives an empty pool when no source scored', () => {
    const ranking = new RankStage(config('off')).rank(modelCandidates(items), 2, 65);
    expect(ranking.kind === 'model' && ranking.pool).toEqual([]);
  });
});
