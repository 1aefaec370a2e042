import type { Candidate } from './candidate.js';

export interface WeightedList {
  candidates: readonly Candidate[];
  /** Multiplies the source's normalised scores: the placement's trust in that source. */
  weight: number;
}

/**
 * Merges the lists of several sources into one ranking without duplicates. Each source's scores are
 * divided by its own maximum (sources score on different scales: user counts, growth ratios,
 * co-occurrence), then multiplied by the source weight. An item proposed by several sources keeps
 * its best weighted score, and that source's reason. Ties keep the order of the lists, then ranks.
 */
export function mergeWeightedLists(lists: readonly WeightedList[]): Candidate[] {
  const best = new Map<string, { c: Candidate; order: number }>();
  let order = 0;
  for (const { candidates, weight } of lists) {
    let max = 0;
    for (const c of candidates) if (c.score > max) max = c.score;
    for (const c of candidates) {
      const score = max > 0 ? (c.score / max) * weight : 0;
      const seen = best.get(c.itemId);
      if (!seen || score > seen.c.score) best.set(c.itemId, { c: { ...c, score }, order: seen?.order ?? order });
      order++;
    }
  }
  return [...best.values()].sort((a, b) => b.c.score - a.c.score || a.order - b.order).map((e) => e.c);
}
