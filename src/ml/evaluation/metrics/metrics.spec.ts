import { catalogCoverage, CoverageCounter } from './coverage.js';
import { hitRateAtK } from './hr-at-k.js';
import { mrrAtK } from './mrr-at-k.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { recallAtK } from './recall-at-k.js';

// Ranked list [5, 3, 9, 1, 7]; targets {9, 7, 42}: hits at 0-based positions 2 and 4.
const ranked = [5, 3, 9, 1, 7];
const targets = new Set([9, 7, 42]);

describe('ranking metrics (hand-computed)', () => {
  it('HR@k', () => {
    expect(hitRateAtK(ranked, targets, 2)).toBe(0);
    expect(hitRateAtK(ranked, targets, 3)).toBe(1);
    expect(hitRateAtK([], targets, 10)).toBe(0);
  });

  it('Recall@k', () => {
    expect(recallAtK(ranked, targets, 2)).toBe(0);
    expect(recallAtK(ranked, targets, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, targets, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, new Set(), 10)).toBe(0);
  });

  it('NDCG@k', () => {
    // k=5: DCG = 1/log2(4) + 1/log2(6) = 0.5 + 0.386852807; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.130929754
    expect(ndcgAtK(ranked, targets, 5)).toBeCloseTo((0.5 + 0.386852807234) / 2.130929753571, 9);
    // k=3: DCG = 0.5; IDCG = 2.130929754 (3 targets fill the ideal top 3)
    expect(ndcgAtK(ranked, targets, 3)).toBeCloseTo(0.5 / 2.130929753571, 9);
    // one target at rank 1 is perfect; IDCG is capped by |T|
    expect(ndcgAtK([9, 1], new Set([9]), 10)).toBe(1);
    // one target at position 1 (0-based): 1/log2(3) = 0.630929754
    expect(ndcgAtK([1, 9], new Set([9]), 10)).toBeCloseTo(0.630929753571, 9);
  });

  it('MRR@k', () => {
    expect(mrrAtK(ranked, targets, 5)).toBeCloseTo(1 / 3, 12);
    expect(mrrAtK(ranked, targets, 2)).toBe(0);
    expect(mrrAtK([7], targets, 1)).toBe(1);
  });

  it('catalog coverage@k', () => {
    // top-2 lists: {0,1} ∪ {1,2} ∪ {0,3} = 4 distinct of 10 items
    const lists = [
      [0, 1, 9],
      [1, 2, 8],
      [0, 3],
    ];
    expect(catalogCoverage(lists, 10, 2)).toBeCloseTo(0.4, 12);
    expect(catalogCoverage(lists, 10, 3)).toBeCloseTo(0.6, 12);
    const counter = new CoverageCounter(10);
    for (const l of lists) counter.add(l, 2);
    expect(counter.value()).toBeCloseTo(0.4, 12);
  });
});
