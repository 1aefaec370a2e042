import type { AppConfig } from '../../config/app-config.js';
import { candidate, catalogItem, modelCandidates } from '../../../test/support/recommendation-fakes.js';
import { ExplainStage } from './explain.stage.js';
import type { Ranking } from './rank.stage.js';

const items = [0, 1, 2, 3].map((n) => catalogItem(n));
const stage = new ExplainStage({ POPULARITY_WINDOW_DAYS: 30 } as AppConfig);

describe('ExplainStage', () => {
  it('keeps the reasons baseline sources gave', () => {
    const ranked = [candidate('1', 1, 'trending')];
    const ranking = { kind: 'baseline', ranked } as unknown as Ranking;
    expect(stage.explain(ranking, 'HOME')).toBe(ranked);
  });

  it('anchors a PRODUCT similarity on the seed and says so', () => {
    const ranking: Ranking = {
      kind: 'model',
      gathered: modelCandidates(items, { seed: 0 }),
      pool: [{ index: 2, score: 0.7, source: 'content' }],
    };
    expect(stage.explain(ranking, 'PRODUCT')).toEqual([
      { itemId: '2', score: 0.7, source: 'content', reason: 'Similar to Item 0', anchorItemId: '0' },
    ]);
  });

  it("explains the ranker's item by the source that put it forward, keeping the ranker as its source", () => {
    const ranking: Ranking = {
      kind: 'model',
      gathered: modelCandidates(items, { basket: [1], rankerSourceOf: () => 'item-item' }),
      pool: [{ index: 3, score: 1, source: 'ranker' }],
    };
    expect(stage.explain(ranking, 'CART')).toEqual([
      { itemId: '3', score: 1, source: 'ranker', reason: 'Often bought with Item 1', anchorItemId: '1' },
    ]);
  });

  it('gives a list source its own anchor and a popular item the window', () => {
    const ranking: Ranking = {
      kind: 'model',
      gathered: modelCandidates(items),
      pool: [
        { index: 1, score: 1, source: 'co-purchase', anchor: 3 },
        { index: 2, score: 0.5, source: 'popular' },
      ],
    };
    expect(stage.explain(ranking, 'HOME').map((c) => [c.reason, c.anchorItemId])).toEqual([
      ['Often bought with Item 3', '3'],
      ['Popular this month', undefined],
    ]);
  });
});
