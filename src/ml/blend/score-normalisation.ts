// Per-user score normalisation so blend weights are comparable across sources whose raw scales differ
// (counts, cosine sums, regression weights, logits).

/**
 * zscore: (s − mean) / std over the row; minmax: (s − min) / (max − min);
 * rank: reciprocal-rank fusion 1 / (60 + rank) for the row's top 200, 0 below (Cormack et al., 2009).
 */
export type Normalisation = 'zscore' | 'minmax' | 'rank';

// Read once per module, not per element: under jest's vm contexts every global read (`Number`) goes through
// the sandbox's interceptor, and these loops run over the catalog for every user of an evaluation.
const isFiniteNumber = Number.isFinite;

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
  /** Entries measured (the first `length` of the row). */
  length: number;
  /** Every entry measured is finite: none of them needs the floor. */
  allFinite: boolean;
}

/**
 * Statistics of one score row for `method`, over the first `length` entries (default all): the one
 * definition of the normalisations — normaliseRow applies it to a whole row, the serving blend reads it
 * per entry. zscore (s − mean) / std, minmax (s − min) / (max − min), rank = reciprocal-rank fusion.
 */
export function rowNormaliser(scores: ArrayLike<number>, method: Normalisation, length = scores.length): RowNormaliser {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let finite = 0;
  for (let i = 0; i < length; i++) {
    const s = scores[i];
    if (!isFiniteNumber(s)) continue;
    finite++;
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
    sumSq += s * s;
  }
  const allFinite = finite === length;
  if (finite === 0 || max === min)
    return { method, offset: 0, scale: 0, floor: 0, ranks: null, flat: true, length, allFinite };
  if (method === 'rank') {
    const order = topFinite(scores, Math.min(RRF_DEPTH, finite), length);
    const ranks = new Map<number, number>();
    order.forEach((i, r) => ranks.set(i, 1 / (RRF_C + r + 1)));
    return { method, offset: 0, scale: 0, floor: min, ranks, flat: false, length, allFinite };
  }
  const mean = sum / finite;
  const std = Math.sqrt(Math.max(sumSq / finite - mean * mean, 0)) || 1;
  return method === 'zscore'
    ? { method, offset: mean, scale: 1 / std, floor: min, ranks: null, flat: false, length, allFinite }
    : { method, offset: min, scale: 1 / (max - min), floor: min, ranks: null, flat: false, length, allFinite };
}

/**
 * Normalises one score row into `out` (may be the same array). Non-finite scores ("never
 * recommend" from this source) become the row's lowest normalised value: no evidence, not a veto,
 * so another source can still surface the item. A constant row normalises to all zeros.
 */
export function normaliseRow(
  scores: ArrayLike<number>,
  method: Normalisation,
  out: Float32Array = new Float32Array(scores.length),
): Float32Array {
  const n = scores.length;
  const norm = rowNormaliser(scores, method);
  if (norm.flat || norm.ranks) {
    out.fill(0, 0, n);
    if (norm.ranks) for (const [i, v] of norm.ranks) out[i] = v;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    out[i] = ((isFiniteNumber(s) ? s : norm.floor) - norm.offset) * norm.scale;
  }
  return out;
}

function topFinite(scores: ArrayLike<number>, k: number, length: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < length; i++) if (isFiniteNumber(scores[i])) idx.push(i);
  idx.sort((x, y) => scores[y] - scores[x] || x - y);
  return idx.slice(0, k);
}
