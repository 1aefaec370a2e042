import type { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import type { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import { itemPredicate, normalizeFilter } from '../ranking/recommendation-filter.js';
import { candidate, catalogItem, FakeCatalog, fakePopularity } from '../../../test/support/recommendation-fakes.js';
import { displayScores, FillListStage } from './fill-list.stage.js';
import type { GatheredCandidates } from './gather-candidates.stage.js';

const items = [1, 2, 3, 4, 5].map((n) => catalogItem(n));
const catalog = new FakeCatalog(items);

function stage(popular = [candidate('4', 0.9)], allTime = [candidate('5', 0.8)]) {
  return new FillListStage(
    catalog as unknown as CatalogSnapshotService,
    fakePopularity(popular, allTime) as unknown as PopularitySnapshotService,
  );
}

function gathered(kind: 'baseline' | 'model', excluded: string[] = []): GatheredCandidates {
  const set = new Set(excluded);
  const accepts = itemPredicate(normalizeFilter(undefined), set);
  return (kind === 'baseline'
    ? { kind, coldStart: false, excluded: set, accepts, lists: [] }
    : { kind, coldStart: false, excluded: set, accepts, dense: [], sparse: [] }) as unknown as GatheredCandidates;
}

describe('FillListStage', () => {
  it('keeps accepted ranked items, then fills from recent popularity, all-time popularity and the catalog', () => {
    const out = stage().fill(
      [candidate('2', 0.5, 'trending'), candidate('1', 0.4, 'trending')],
      gathered('baseline', ['1']),
      4,
    );
    expect(out.map((v) => [v.item.id, v.source, v.score])).toEqual([
      ['i2', 'trending', 0.5],
      ['i4', 'popular', 0.5], // a fill item never scores above the one before it
      ['i5', 'popular', 0.5],
      ['i3', 'catalog', 0],
    ]);
  });

  it('maps anchors to catalog items and leaves a missing anchor null', () => {
    const [withAnchor, without] = stage([], []).fill(
      [candidate('2', 1, 'co-purchase', '3'), candidate('4', 0.5, 'co-purchase')],
      gathered('baseline'),
      2,
    );
    expect(withAnchor.anchorItem?.id).toBe('i3');
    expect(without.anchorItem).toBeNull();
  });

  it("scales a model list's scores by its best one", () => {
    const out = stage([], []).fill(
      [candidate('1', 4, 'collaborative'), candidate('2', 1, 'content')],
      gathered('model'),
      2,
    );
    expect(out.map((v) => v.score)).toEqual([1, 0.25]);
  });
});

describe('displayScores', () => {
  it('scales into [0, 1] and never increases down the list', () => {
    expect(displayScores([candidate('a', 2), candidate('b', 3), candidate('c', -1)])).toEqual([0.666667, 0.666667, 0]);
  });
});
