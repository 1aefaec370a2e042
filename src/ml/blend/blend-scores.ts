import { normaliseRow, type Normalisation } from './score-normalisation.js';

/** One named source of a placement (e.g. "repeat", "collaborative") with its weight and normalisation. */
export interface BlendSource {
  name: string;
  weight: number;
  normalisation: Normalisation;
}

/**
 * The blend itself, pure and reusable by the service: blended[i] = Σ_s w_s · norm_s(scores_s)[i].
 * `vectors[s]` are one user's scores from source s over the same candidate list (the whole catalog
 * offline, a candidate subset online). Sources with weight 0 are skipped.
 */
export function blendScores(
  vectors: ArrayLike<number>[],
  sources: readonly Pick<BlendSource, 'weight' | 'normalisation'>[],
  out?: Float32Array,
): Float32Array {
  if (vectors.length !== sources.length)
    throw new Error(`${vectors.length} score vectors for ${sources.length} sources`);
  const n = vectors.length ? vectors[0].length : 0;
  const result = out ?? new Float32Array(n);
  result.fill(0, 0, n);
  const tmp = new Float32Array(n);
  vectors.forEach((v, s) => {
    const { weight, normalisation } = sources[s];
    if (weight === 0) return;
    if (v.length !== n) throw new Error(`score vector ${s} has ${v.length} entries, expected ${n}`);
    normaliseRow(v, normalisation, tmp);
    for (let i = 0; i < n; i++) result[i] += weight * tmp[i];
  });
  return result;
}
