import { targetAffinity } from './target-affinity.js';

describe('targetAffinity', () => {
  it('sums 1 / (1 + rank) over the targets and names the best one', () => {
    // ranks: item 2 (0.9) first, item 0 (0.5) third, item 3 (0.1) fourth
    const scores = [0.5, 0.7, 0.9, 0.1];
    const a = targetAffinity(scores, [0, 3]);
    expect(a.affinity).toBeCloseTo(1 / 3 + 1 / 4, 12);
    expect(a).toMatchObject({ best: 0, bestRank: 2 });
    expect(targetAffinity(scores, [2]).affinity).toBe(1);
  });

  it('counts a target within the first B (items per order) fully, further down as B / (1 + rank)', () => {
    const scores = [0.5, 0.7, 0.9, 0.1, 0.8];
    // ranks: item 0 → 3, item 3 → 4; B = 3: min(1, 3/4) + min(1, 3/5)
    expect(targetAffinity(scores, [0, 3], 3).affinity).toBeCloseTo(3 / 4 + 3 / 5, 12);
    // B = 10: both within reach
    expect(targetAffinity(scores, [0, 3], 10).affinity).toBe(2);
  });

  it('counts only items strictly above a target (ties share the better rank)', () => {
    const scores = [0.5, 0.5, 0.9, 0.5];
    const a = targetAffinity(scores, [0, 3]);
    expect(a.affinity).toBeCloseTo(1 / 2 + 1 / 2, 12);
    expect(a).toMatchObject({ best: 0, bestRank: 1 });
  });

  it('agrees with a direct count on a random row', () => {
    const scores = Array.from({ length: 300 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const targets = [3, 17, 42, 99, 250];
    const direct = targets.reduce((sum, t) => sum + 1 / (1 + scores.filter((s) => s > scores[t]).length), 0);
    expect(targetAffinity(scores, targets).affinity).toBeCloseTo(direct, 12);
  });

  it('ignores targets without a finite score and below-floor items', () => {
    const scores = [Number.NEGATIVE_INFINITY, Number.NaN, 0.3, 0.2];
    expect(targetAffinity(scores, [0, 1, 9])).toEqual({ affinity: 0, best: -1, bestRank: Infinity });
    expect(targetAffinity(scores, [0, 3])).toMatchObject({ affinity: 0.5, best: 3, bestRank: 1 });
  });
});
