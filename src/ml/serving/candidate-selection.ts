// Picking and re-ranking a handful of candidates out of a catalog-sized score vector. Pure functions.

/**
 * The k best indices of `scores` that `accept` admits, best first (ties to the lower index), without sorting
 * the catalog: a k-sized insertion buffer, and `accept` only runs for entries that would enter it.
 * Non-finite scores are never candidates.
 */
export function topAccepted(scores: ArrayLike<number>, k: number, accept?: (i: number) => boolean): number[] {
  if (k <= 0) return [];
  const idx = new Int32Array(k);
  const val = new Float64Array(k);
  let count = 0;
  // What a score must beat to enter: -Infinity until the buffer is full, then its worst score.
  let floor = -Infinity;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (!(s > floor) || s === Infinity) continue;
    if (accept && !accept(i)) continue;
    let pos = count < k ? count++ : k - 1;
    while (pos > 0 && s > val[pos - 1]) {
      idx[pos] = idx[pos - 1];
      val[pos] = val[pos - 1];
      pos--;
    }
    idx[pos] = i;
    val[pos] = s;
    if (count === k) floor = val[k - 1];
  }
  return Array.from(idx.subarray(0, count));
}

export interface Ranked {
  /** Any key the caller uses for similarity and categories. */
  key: string;
  score: number;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein, SIGIR 1998): repeatedly take the candidate maximising
 *   λ · rel(c) − (1 − λ) · max_{s ∈ selected} sim(c, s),
 * rel = the score min-max scaled over the candidates. λ = 1 keeps the ranking. Returns `limit` items (fewer
 * only when there are fewer candidates); scores are kept, order changes.
 */
export function mmrRerank<T extends Ranked>(
  candidates: readonly T[],
  limit: number,
  lambda: number,
  similarity: (a: T, b: T) => number,
): T[] {
  if (lambda >= 1 || candidates.length <= 1) return candidates.slice(0, limit);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of candidates) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const rel = (c: T) => (hi > lo ? (c.score - lo) / (hi - lo) : 1);
  const left = [...candidates];
  const maxSim = new Float64Array(left.length);
  const out: T[] = [];
  while (out.length < limit && left.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < left.length; j++) {
      const v = lambda * rel(left[j]) - (1 - lambda) * (out.length ? maxSim[j] : 0);
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    const [picked] = left.splice(best, 1);
    maxSim.copyWithin(best, best + 1);
    out.push(picked);
    for (let j = 0; j < left.length; j++) maxSim[j] = Math.max(maxSim[j], similarity(left[j], picked));
  }
  return out;
}

/**
 * At most `cap` items per category among the first `limit`: an item whose category (its first one; items
 * without a category are never capped) is full is deferred, and deferred items fill the end of the list
 * only when nothing else is left, so the list still reaches `limit` whenever there are enough candidates.
 */
export function categoryCap<T extends Ranked>(
  candidates: readonly T[],
  limit: number,
  cap: number,
  categoryOf: (c: T) => string | null,
): T[] {
  const counts = new Map<string, number>();
  const out: T[] = [];
  const deferred: T[] = [];
  for (const c of candidates) {
    if (out.length >= limit) break;
    const cat = categoryOf(c);
    const n = cat === null ? 0 : (counts.get(cat) ?? 0);
    if (cat !== null && n >= cap) {
      deferred.push(c);
      continue;
    }
    if (cat !== null) counts.set(cat, n + 1);
    out.push(c);
  }
  for (const c of deferred) {
    if (out.length >= limit) break;
    out.push(c);
  }
  return out;
}
