// The serving side of the blend: Σ_s w_s · norm_s(scores_s) accumulated into one reusable buffer, with exactly
// the normalisations of score-normalisation.ts (so a placement weight means what it meant when it was fitted
// offline), but without a catalog-sized temporary per source and per request.
import { rowNormaliser, type RowNormaliser } from '../blend/score-normalisation.js';

export { rowNormaliser, type RowNormaliser };

/** The normalised value of entry `i` (scores beyond the row, e.g. items the source does not know, count as the floor). */
export function normalisedAt(scores: ArrayLike<number>, i: number, n: RowNormaliser): number {
  if (n.flat) return 0;
  if (n.ranks) return n.ranks.get(i) ?? 0;
  const s = i < scores.length ? scores[i] : NaN;
  return ((Number.isFinite(s) ? s : n.floor) - n.offset) * n.scale;
}

/**
 * acc[i] += weight · norm(scores)[i] for i < acc.length. Entries past the end of `scores` (items outside the
 * source's index space) get the row's "no evidence" value, as non-finite scores do.
 */
export function addNormalised(acc: Float32Array, scores: ArrayLike<number>, weight: number, n: RowNormaliser): void {
  if (weight === 0 || n.flat) return;
  const total = acc.length;
  if (n.ranks) {
    for (const [i, v] of n.ranks) if (i < total) acc[i] += weight * v;
    return;
  }
  const a = weight * n.scale;
  const b = n.offset;
  const limit = Math.min(total, scores.length);
  if (n.allFinite && limit <= n.length) {
    for (let i = 0; i < limit; i++) acc[i] += (scores[i] - b) * a;
  } else {
    for (let i = 0; i < limit; i++) {
      const s = scores[i];
      acc[i] += ((s === s && s !== Infinity && s !== -Infinity ? s : n.floor) - b) * a;
    }
  }
  if (limit < total) {
    const rest = (n.floor - b) * a;
    for (let i = limit; i < total; i++) acc[i] += rest;
  }
}
