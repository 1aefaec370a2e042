// The serving side of the blend: Σ_s w_s · norm_s(scores_s) accumulated into one reusable buffer, with exactly
// the normalisations of score-normalisation.ts (so a placement weight means what it meant when it was fitted
// offline), but without a catalog-sized temporary per source and per request.
import type { Normalisation } from '../blend/score-normalisation.js';

const RRF_C = 60;
const RRF_DEPTH = 200;

/** The affine map a row normalises with: norm(s) = (s − offset) · scale; `floor` replaces non-finite scores. */
export interface RowNormaliser {
  method: Normalisation;
  offset: number;
  scale: number;
  /** Raw value non-finite entries count as (the row minimum: "no evidence", not a veto). */
  floor: number;
  /** rank: item → 1/(60 + rank) for the row's top 200; empty otherwise. */
  ranks: Map<number, number> | null;
  /** Constant or empty row: every entry normalises to 0. */
  flat: boolean;
}

/**
 * Statistics of one score row for `method`, over the first `length` entries (default all). Same results as
 * `normaliseRow`: zscore (s − mean) / std, minmax (s − min) / (max − min), rank = reciprocal-rank fusion.
 */
export function rowNormaliser(scores: ArrayLike<number>, method: Normalisation, length = scores.length): RowNormaliser {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let finite = 0;
  for (let i = 0; i < length; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) continue;
    finite++;
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
    sumSq += s * s;
  }
  if (finite === 0 || max === min) return { method, offset: 0, scale: 0, floor: 0, ranks: null, flat: true };
  if (method === 'rank') {
    const order = topFinite(scores, Math.min(RRF_DEPTH, finite), length);
    const ranks = new Map<number, number>();
    order.forEach((i, r) => ranks.set(i, 1 / (RRF_C + r + 1)));
    return { method, offset: 0, scale: 0, floor: min, ranks, flat: false };
  }
  const mean = sum / finite;
  const std = Math.sqrt(Math.max(sumSq / finite - mean * mean, 0)) || 1;
  return method === 'zscore'
    ? { method, offset: mean, scale: 1 / std, floor: min, ranks: null, flat: false }
    : { method, offset: min, scale: 1 / (max - min), floor: min, ranks: null, flat: false };
}

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
  for (let i = 0; i < limit; i++) {
    const s = scores[i];
    acc[i] += ((s === s && s !== Infinity && s !== -Infinity ? s : n.floor) - b) * a;
  }
  if (limit < total) {
    const rest = (n.floor - b) * a;
    for (let i = limit; i < total; i++) acc[i] += rest;
  }
}

function topFinite(scores: ArrayLike<number>, k: number, length: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < length; i++) if (Number.isFinite(scores[i])) idx.push(i);
  idx.sort((x, y) => scores[y] - scores[x] || x - y);
  return idx.slice(0, k);
}
