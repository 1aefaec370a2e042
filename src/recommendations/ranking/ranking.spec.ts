import { mergeWeightedLists } from './merge-weighted-lists.js';
import type { Candidate } from './candidate.js';
import { planFor } from './placement-plan.js';
import {
  buyAgainScores,
  coPurchaseScores,
  compareIds,
  DAY_MS,
  popularityWindow,
  rankByCount,
  rankTrending,
} from './baseline-scores.js';
import { itemPredicate, normalizeFilter, type FilterableItem } from './recommendation-filter.js';
import { selectWithFill } from './select.js';

const c = (itemId: string, score: number, source = 's'): Candidate => ({
  itemId,
  score,
  source,
  reason: `r-${source}`,
});

describe('mergeWeightedLists', () => {
  it('normalises each source by its maximum, weights it, and keeps the best score per item', () => {
    const out = mergeWeightedLists([
      { candidates: [c('1', 10, 'pop'), c('2', 5, 'pop')], weight: 1 },
      { candidates: [c('3', 0.4, 'trend'), c('2', 0.2, 'trend')], weight: 0.9 },
    ]);
    // pop: 1 → 1.0, 2 → 0.5; trend: 3 → 0.9, 2 → 0.45 (loses to pop's 0.5)
    expect(out).toEqual([
      { itemId: '1', score: 1, source: 'pop', reason: 'r-pop' },
      { itemId: '3', score: 0.9, source: 'trend', reason: 'r-trend' },
      { itemId: '2', score: 0.5, source: 'pop', reason: 'r-pop' },
    ]);
  });

  it('a later source with a better weighted score takes the item and its reason', () => {
    const out = mergeWeightedLists([
      { candidates: [c('1', 4, 'a'), c('2', 1, 'a')], weight: 1 },
      { candidates: [c('2', 3, 'b')], weight: 1 },
    ]);
    expect(out.map((x) => [x.itemId, x.source, x.score])).toEqual([
      ['1', 'a', 1],
      ['2', 'b', 1],
    ]);
  });

  it('keeps list order on ties and survives empty or all-zero lists', () => {
    expect(mergeWeightedLists([{ candidates: [], weight: 1 }])).toEqual([]);
    const out = mergeWeightedLists([
      { candidates: [c('9', 2), c('8', 2)], weight: 1 },
      { candidates: [c('7', 0)], weight: 1 },
    ]);
    expect(out.map((x) => x.itemId)).toEqual(['9', '8', '7']);
    expect(out[2].score).toBe(0);
  });
});

describe('selectWithFill', () => {
  const all = () => true;

  it('returns exactly limit accepted items without duplicates, filling from the fallbacks in order', () => {
    const ranked = [c('1', 0.9), c('2', 0.8)];
    const out = selectWithFill(ranked, [[c('2', 1, 'pop'), c('3', 1, 'pop')], [c('4', 1, 'cat')]], all, 4);
    expect(out.map((x) => x.itemId)).toEqual(['1', '2', '3', '4']);
    expect(out.map((x) => x.source)).toEqual(['s', 's', 'pop', 'cat']);
  });

  it('caps fill scores so the list stays non-increasing', () => {
    const out = selectWithFill([c('1', 0.3)], [[c('2', 0.9), c('3', 0.1)]], all, 3);
    expect(out.map((x) => x.score)).toEqual([0.3, 0.3, 0.1]);
  });

  it('skips rejected items and stops early', () => {
    const seen: string[] = [];
    const accept = (id: string) => {
      seen.push(id);
      return id !== '2';
    };
    function* fallback() {
      yield c('3', 0);
      yield c('4', 0);
      throw new Error('walked too far');
    }
    const out = selectWithFill([c('1', 1), c('2', 1)], [fallback()], accept, 3);
    expect(out.map((x) => x.itemId)).toEqual(['1', '3', '4']);
    expect(seen).toEqual(['1', '2', '3', '4']);
  });

  it('returns fewer when the catalog is exhausted, and nothing for limit 0', () => {
    expect(selectWithFill([c('1', 1)], [[c('1', 1)]], all, 5).map((x) => x.itemId)).toEqual(['1']);
    expect(selectWithFill([c('1', 1)], [], all, 0)).toEqual([]);
  });
});

describe('popularity scores', () => {
  it('places the window relative to the newest event', () => {
    const anchor = Date.UTC(2011, 11, 9);
    expect(popularityWindow(anchor, 30)).toEqual({
      start: anchor - 30 * DAY_MS,
      middle: anchor - 15 * DAY_MS,
      end: anchor,
    });
  });

  it('ranks by count, dropping zeros, ties by numeric id', () => {
    const rows = [
      { itemId: '10', n: 3 },
      { itemId: '9', n: 3 },
      { itemId: '2', n: 5 },
      { itemId: '1', n: 0 },
    ];
    expect(rankByCount(rows, (r) => r.n)).toEqual([
      { itemId: '2', score: 5 },
      { itemId: '9', score: 3 },
      { itemId: '10', score: 3 },
    ]);
  });

  it('trending = (recent − earlier) / (earlier + prior), growing items with enough recent buyers only', () => {
    const rows = [
      { itemId: 'a', recent: 10, earlier: 2, total: 12 }, // (10-2)/(2+3) = 1.6
      { itemId: 'b', recent: 6, earlier: 0, total: 6 }, //   (6-0)/(0+3) = 2
      { itemId: 'c', recent: 2, earlier: 0, total: 2 }, //   below minRecent
      { itemId: 'd', recent: 5, earlier: 7, total: 12 }, //  shrinking
    ];
    expect(rankTrending(rows)).toEqual([
      { itemId: 'b', score: 2 },
      { itemId: 'a', score: 1.6 },
    ]);
  });

  it('buy-again = orders × 2^(−age/halfLife)', () => {
    const anchor = 100 * DAY_MS;
    const out = buyAgainScores(
      [
        { itemId: 'old', orders: 4, lastPurchasedMs: anchor - 60 * DAY_MS }, // 4 × 1/4 = 1
        { itemId: 'new', orders: 1, lastPurchasedMs: anchor }, //              1 × 1 = 1 (tie → id order)
        { itemId: 'mid', orders: 3, lastPurchasedMs: anchor - 30 * DAY_MS }, // 3 × 1/2 = 1.5
      ],
      anchor,
      30,
    );
    expect(out).toEqual([
      { itemId: 'mid', score: 1.5 },
      { itemId: 'new', score: 1 },
      { itemId: 'old', score: 1 },
    ]);
  });

  it('co-purchase = together/sqrt(seed × item) × together/(together + shrink)', () => {
    const baskets: Record<string, number> = { best: 100, niche: 4 };
    const out = coPurchaseScores(
      [
        { itemId: 'best', together: 4 }, // 4/sqrt(16·100)=0.1 × 4/6 → 0.0667
        { itemId: 'niche', together: 2 }, // 2/sqrt(16·4)=0.25 × 2/4 → 0.125
      ],
      16,
      (id) => baskets[id],
    );
    expect(out.map((x) => x.itemId)).toEqual(['niche', 'best']);
    expect(out[0].score).toBeCloseTo(0.125, 10);
    expect(out[1].score).toBeCloseTo(0.1 * (4 / 6), 10);
  });

  it('compares numeric ids numerically', () => {
    expect(['10', '9', 'b', 'a', '100'].sort(compareIds)).toEqual(['9', '10', '100', 'a', 'b']);
  });
});

describe('recommendation filter', () => {
  const item = (over: Partial<FilterableItem> = {}): FilterableItem => ({
    id: 'X1',
    internalId: '1',
    categories: ['Kitchen'],
    price: 3,
    available: true,
    isPlaceholder: false,
    ...over,
  });

  it('applies defaults and sorts lists so equal filters normalise equally', () => {
    expect(normalizeFilter(undefined)).toEqual({
      excludePurchased: true,
      categories: null,
      minPrice: null,
      maxPrice: null,
      excludeItemIds: [],
    });
    expect(
      normalizeFilter({ categories: [' B', 'a', 'b'], excludeItemIds: ['z', 'y', 'z'], excludePurchased: null }),
    ).toEqual({
      excludePurchased: true,
      categories: ['a', 'b'],
      minPrice: null,
      maxPrice: null,
      excludeItemIds: ['y', 'z'],
    });
  });

  it.each([
    [{ minPrice: -1 }, /minPrice must be a finite number/],
    [{ maxPrice: Number.NaN }, /maxPrice must be a finite number/],
    [{ minPrice: 5, maxPrice: 1 }, /minPrice must not exceed/],
    [{ categories: ['  '] }, /at least one category/],
    [{ categories: Array.from({ length: 51 }, (_, i) => `c${i}`) }, /at most 50/],
    [{ excludeItemIds: [''] }, /must not be empty/],
  ])('rejects %j', (input, message) => {
    expect(() => normalizeFilter(input)).toThrow(message);
  });

  it('never accepts unavailable or placeholder items', () => {
    const accept = itemPredicate(normalizeFilter({}), new Set());
    expect(accept(item())).toBe(true);
    expect(accept(item({ available: false }))).toBe(false);
    expect(accept(item({ isPlaceholder: true }))).toBe(false);
  });

  it('excludes purchased (internal ids) and excluded (external ids) items', () => {
    const accept = itemPredicate(normalizeFilter({ excludeItemIds: ['X2'] }), new Set(['1']));
    expect(accept(item())).toBe(false);
    expect(accept(item({ internalId: '2', id: 'X2' }))).toBe(false);
    expect(accept(item({ internalId: '3', id: 'X3' }))).toBe(true);
  });

  it('matches categories case-insensitively and prices inclusively; no price fails a bound', () => {
    const accept = itemPredicate(
      normalizeFilter({ categories: ['KITCHEN', 'garden'], minPrice: 3, maxPrice: 4 }),
      new Set(),
    );
    expect(accept(item())).toBe(true);
    expect(accept(item({ price: 4 }))).toBe(true);
    expect(accept(item({ price: 4.01 }))).toBe(false);
    expect(accept(item({ price: 2.99 }))).toBe(false);
    expect(accept(item({ price: null }))).toBe(false);
    expect(accept(item({ categories: ['toys'] }))).toBe(false);
    expect(accept(item({ categories: [] }))).toBe(false);
  });
});

describe('placement plans', () => {
  it('adds buy-again only when purchases are allowed', () => {
    const sources = (p: Parameters<typeof planFor>[0], excludePurchased: boolean) =>
      planFor(p, normalizeFilter({ excludePurchased })).map((s) => s.source);
    expect(sources('HOME', true)).toEqual(['popular', 'trending']);
    expect(sources('HOME', false)).toEqual(['popular', 'trending', 'buy-again']);
    expect(sources('BUY_AGAIN', false)).toEqual(['buy-again', 'popular']);
    expect(sources('BUY_AGAIN', true)).toEqual(['popular']);
  });
});
