// The training job's view of the ranker's sources: each a Scorer over a batch of histories (the TF models score a
// batch in one pass). Rows are read back per shopper as subarrays, no copies.
import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import type { ScoreSourceName, SourceRows } from './score-sources.js';

export type SourceScorers = Partial<Record<ScoreSourceName, Scorer>>;

export async function sourceRowsFor(
  scorers: SourceScorers,
  histories: readonly UserHistory[],
  numItems: number,
): Promise<SourceRows[]> {
  const out: SourceRows[] = histories.map(() => ({}));
  for (const [name, scorer] of Object.entries(scorers) as [ScoreSourceName, Scorer][]) {
    const scores = await scorer.scoreUsers([...histories]);
    const width = scores.length / Math.max(1, histories.length);
    if (width < numItems) throw new Error(`ranker source ${name} scored ${width} items, expected ${numItems}`);
    histories.forEach((_, r) => (out[r][name] = scores.subarray(r * width, r * width + numItems)));
  }
  return out;
}

/** A scorer of the latest basket alone (e.g. item-to-item links from what was just bought). */
export function latestBasketScorer(scorer: Scorer, name: string): Scorer {
  return {
    name,
    scoreUsers: (histories) =>
      scorer.scoreUsers(histories.map((h) => ({ user: h.user, baskets: h.baskets.slice(-1) }))),
  };
}
