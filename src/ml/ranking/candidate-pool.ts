// The few hundred candidates the ranker scores for one shopper: their own items (the repeat half of a basket),
// each source's best items (the explore half) and what sells now. The ranker can only reorder what the pool holds,
// so the pool is wide; its sizes are artifact parameters.
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
  if (k <= 0) return [];
  // A bounded min-heap keeps this O(n log k): the rows are catalog-sized and scored per request.
  const heap: number[] = [];
  const less = (a: number, b: number) => row[a] < row[b] || (row[a] === row[b] && a > b);
  const up = (j: number) => {
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (!less(heap[j], heap[p])) break;
      [heap[j], heap[p]] = [heap[p], heap[j]];
      j = p;
    }
  };
  const down = (j: number) => {
    for (;;) {
      const l = 2 * j + 1;
      const r = l + 1;
      let m = j;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === j) return;
      [heap[j], heap[m]] = [heap[m], heap[j]];
      j = m;
    }
  };
  const len = Math.min(n, row.length);
  for (let i = 0; i < len; i++) {
    const s = row[i];
    if (taken[i] || s === 0 || !Number.isFinite(s)) continue;
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (less(heap[0], i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : -1));
}
