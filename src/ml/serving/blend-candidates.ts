// One request's blend over the model's index space: dense sources (a score for every item, normalised per row as
// offline, see dense-blend.ts) plus sparse sources (a short list each, e.g. co-purchase or trending, scaled by
// their maximum), then the best k candidates the caller's rules accept, each attributed to the source that
// contributed most to its score (for the explanation) with that source's anchor item.
import type { Normalisation } from '../blend/score-normalisation.js';
import { addNormalised, normalisedAt, rowNormaliser, type RowNormaliser } from './dense-blend.js';
import { topAccepted } from './candidate-selection.js';

export interface DenseInput {
  name: string;
  scores: ArrayLike<number>;
  weight: number;
  normalisation: Normalisation;
}

export interface SparseEntry {
  index: number;
  score: number;
  /** The item this candidate relates to (e.g. the seed of a co-purchase), for the explanation. */
  anchor?: number;
}

export interface SparseInput {
  name: string;
  entries: readonly SparseEntry[];
  weight: number;
}

export interface BlendedCandidate {
  index: number;
  score: number;
  /** The source with the largest weighted contribution. */
  source: string;
  anchor?: number;
}

/**
 * score(i) = Σ_dense w·norm(s)(i) + Σ_sparse w·s(i)/max(s). Returns up to k candidates accepted by `accept`,
 * best first. `total` is the size of the index space (dense rows shorter than it count as "no evidence" beyond
 * their end). `scratch` may be passed to avoid a catalog-sized allocation per request.
 */
export function blendCandidates(
  total: number,
  dense: readonly DenseInput[],
  sparse: readonly SparseInput[],
  k: number,
  accept?: (index: number) => boolean,
  scratch?: Float32Array,
): BlendedCandidate[] {
  const acc = scratch && scratch.length >= total ? scratch.subarray(0, total) : new Float32Array(total);
  acc.fill(0);
  const norms: RowNormaliser[] = dense.map((d) =>
    rowNormaliser(d.scores, d.normalisation, Math.min(d.scores.length, total)),
  );
  dense.forEach((d, s) => addNormalised(acc, d.scores, d.weight, norms[s]));
  const sparseMaps = sparse.map((sp) => {
    let max = 0;
    for (const e of sp.entries) if (e.score > max) max = e.score;
    const m = new Map<number, { value: number; anchor?: number }>();
    for (const e of sp.entries) {
      if (e.index < 0 || e.index >= total || !(e.score > 0) || max <= 0) continue;
      const value = (sp.weight * e.score) / max;
      const seen = m.get(e.index);
      if (seen) seen.value += value;
      else m.set(e.index, { value, anchor: e.anchor });
      acc[e.index] += value;
    }
    return m;
  });
  // Items nobody proposed at all (no positive sparse evidence and every dense row flat) are not candidates.
  const anyDense = norms.some((n, s) => !n.flat && dense[s].weight !== 0);
  const proposed = anyDense ? null : new Set(sparseMaps.flatMap((m) => [...m.keys()]));
  const picked = topAccepted(acc, k, proposed ? (i) => proposed.has(i) && (!accept || accept(i)) : accept);
  return picked.map((index) => {
    let source = dense[0]?.name ?? sparse[0]?.name ?? 'model';
    let best = -Infinity;
    let anchor: number | undefined;
    dense.forEach((d, s) => {
      if (d.weight === 0) return;
      const c = d.weight * normalisedAt(d.scores, index, norms[s]);
      if (c > best) {
        best = c;
        source = d.name;
        anchor = undefined;
      }
    });
    sparse.forEach((sp, s) => {
      const hit = sparseMaps[s].get(index);
      if (hit && hit.value > best) {
        best = hit.value;
        source = sp.name;
        anchor = hit.anchor;
      }
    });
    return { index, score: acc[index], source, anchor };
  });
}
