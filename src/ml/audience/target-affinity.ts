// How much a shopper's own served ranking favours a set of target items: the models read "in reverse". Each
// target contributes min(1, B / (1 + rank)), rank = its place in the shopper's blended scores over the whole
// catalog and B = the items the shopper buys per order: an order of B items is modelled as drawn from the top of
// the shopper's list, so a target within the top B counts fully and one further down as B / (1 + rank). Ranks
// are comparable across shoppers, unlike raw blend scores (normalised per row). Pure.

export interface TargetAffinity {
  /** Σ_t min(1, B / (1 + rank_t)), rank_t = items scored strictly above target t (0 = first). */
  affinity: number;
  /** The target with the best rank (the one the audience pitches), -1 when no target has a finite score. */
  best: number;
  /** Its rank, 0-based; Infinity with best = -1. */
  bestRank: number;
}

/**
 * Ranks of the targets in `scores` (non-finite scores rank below every finite one and contribute nothing):
 * one pass over the row with a binary search among the sorted target scores, O(N log T).
 */
export function targetAffinity(
  scores: ArrayLike<number>,
  targets: readonly number[],
  itemsPerOrder = 1,
): TargetAffinity {
  const finite = targets.filter((t) => t >= 0 && t < scores.length && Number.isFinite(scores[t]));
  if (finite.length === 0) return { affinity: 0, best: -1, bestRank: Infinity };
  const levels = finite.map((t) => scores[t]).sort((a, b) => a - b);
  // above[j] counts items scored strictly above levels[j]; an item above level j is above every lower level.
  const above = new Float64Array(levels.length + 1);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s > levels[0])) continue;
    above[levelsBelow(levels, s)]++;
  }
  // above[k] holds the items that beat exactly the k lowest levels; suffix sums give the ranks.
  const rankOfLevel = new Float64Array(levels.length);
  let running = 0;
  for (let j = levels.length - 1; j >= 0; j--) {
    running += above[j + 1];
    rankOfLevel[j] = running;
  }
  let affinity = 0;
  let best = -1;
  let bestRank = Infinity;
  for (const t of finite) {
    const rank = rankOfLevel[levelsBelow(levels, scores[t])];
    affinity += Math.min(1, Math.max(1, itemsPerOrder) / (1 + rank));
    if (rank < bestRank || (rank === bestRank && t < best)) {
      best = t;
      bestRank = rank;
    }
  }
  return { affinity, best, bestRank };
}

/** Number of entries of the ascending `levels` strictly below `s`. */
function levelsBelow(levels: ArrayLike<number>, s: number): number {
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (levels[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
