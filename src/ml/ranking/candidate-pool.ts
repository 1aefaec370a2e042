// The few hundred candidates the ranker scores for one shopper: their own items (the repeat half of a basket),
// each source's best items (the explore half) and what sells now. The ranker can only reorder what the pool holds,
// so the pool is wide; its sizes are artifact parameters.
import { topAccepted } from '../serving/candidate-selection.js';
import type { PurchaseProfile } from './purchase-profile.js';
import { SCORE_SOURCES, type SourceRows } from './score-sources.js';

export interface CandidatePoolParams {
  /** The shopper's own items, most bought first. */
  own: number;
  /** Best items of each source. */
  perSource: number;
  /** Best items by popularity. */
  popular: number;
}

export const DEFAULT_POOL: CandidatePoolParams = { own: 150, perSource: 60, popular: 40 };

/**
 * Candidate indices (< numItems), own items first. `includeOwn: false` leaves the shopper's items out (a list of
 * items new to them).
 */
export function candidatePool(
  profile: PurchaseProfile,
  rows: SourceRows,
  numItems: number,
  params: CandidatePoolParams,
  includeOwn: boolean,
): Int32Array {
  const taken = new Uint8Array(numItems);
  const out: number[] = [];
  const add = (i: number) => {
    if (i < 0 || i >= numItems || taken[i]) return;
    taken[i] = 1;
    out.push(i);
  };
  if (includeOwn) {
    const own = [...profile.own].sort((a, b) => b[1].baskets - a[1].baskets || b[1].lastMs - a[1].lastMs);
    for (const [i] of own.slice(0, params.own)) add(i);
  } else for (const i of profile.own.keys()) if (i < numItems) taken[i] = 1;
  for (const name of SCORE_SOURCES) {
    const row = rows[name];
    if (!row || name === 'repeat') continue;
    const k = name === 'popularity' ? params.popular : params.perSource;
    for (const i of bestIndices(row, numItems, k, taken)) add(i);
  }
  return Int32Array.from(out);
}

/** The k best entries of row[0..n) not yet taken, best first; 0 and non-finite scores are no evidence. */
function bestIndices(row: ArrayLike<number>, n: number, k: number, taken: Uint8Array): number[] {
  return topAccepted(row, k, (i) => i < n && !taken[i] && row[i] !== 0 && row[i] !== -Infinity);
}
