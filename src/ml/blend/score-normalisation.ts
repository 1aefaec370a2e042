// Per-user score normalisation so blend weights are comparable across sources whose raw scales differ
// (counts, cosine sums, regression weights, logits).

/**
 * zscore: (s − mean) / std over the row; minmax: (s − min) / (max − min);
 * rank: reciprocal-rank fusion 1 / (60 + rank) for the row's top 200, 0 below (Cormack et al., 2009).
 */
export type Normalisation = 'zscore' | 'minmax' | 'rank';

export const NORMALISATIONS: readonly Normalisation[] = ['zscore', 'minmax', 'rank'];

const RRF_C = 60;
const RRF_DEPTH = 200;

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
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) continue;
    finite++;
    if (s < min) min = s;
    if (s > max) max = s;
    sum += s;
    sumSq += s * s;
  }
  if (finite === 0 || max === min) {
    out.fill(0, 0, n);
    return out;
  }
  if (method === 'rank') {
    const order = topIndices(scores, Math.min(RRF_DEPTH, finite));
    out.fill(0, 0, n);
    for (let r = 0; r < order.length; r++) out[order[r]] = 1 / (RRF_C + r + 1);
    return out;
  }
  // Non-finite entries count as the row minimum in the statistics' stead (not included in mean/std).
  const mean = sum / finite;
  const std = Math.sqrt(Math.max(sumSq / finite - mean * mean, 0)) || 1;
  const a = method === 'zscore' ? 1 / std : 1 / (max - min);
  const b = method === 'zscore' ? mean : min;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    out[i] = ((Number.isFinite(s) ? s : min) - b) * a;
  }
  return out;
}

function topIndices(scores: ArrayLike<number>, k: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i])) idx.push(i);
  idx.sort((x, y) => scores[y] - scores[x] || x - y);
  return idx.slice(0, k);
}
