import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';

/**
 * 'personal': P-TopFreq, the user's own most frequent items only (everything else ties at 0).
 * 'global-fill': GP-TopFreq, the same, then the globally most popular items fill the rest of the list.
 */
export type TopFrequencyMode = 'personal' | 'global-fill';

/**
 * Personal top-frequency baselines of Li et al. 2023 ("A Next Basket Recommendation Reality Check"):
 *   P-TopFreq:  score(u, i) = f(u, i), the number of u's baskets containing i
 *   GP-TopFreq: score(u, i) = f(u, i) + pop(i) / (max_j pop(j) + 1), pop(i) = training baskets containing i
 * The popularity term lies in [0, 1), so it only orders items of equal own frequency, and fills the list with
 * popular items after the user's own ones.
 */
export class PersonalTopFrequencyScorer implements Scorer {
  readonly name: string;
  private readonly fill: Float32Array | null;

  constructor(
    readonly numItems: number,
    readonly mode: TopFrequencyMode = 'personal',
    /** Training baskets containing each item; required by 'global-fill'. */
    popularity?: ArrayLike<number>,
  ) {
    this.name = mode === 'personal' ? 'P-TopFreq' : 'GP-TopFreq';
    if (mode === 'global-fill' && !popularity) throw new Error('GP-TopFreq needs item popularity');
    if (mode === 'personal' || !popularity) this.fill = null;
    else {
      let max = 0;
      for (let i = 0; i < numItems; i++) max = Math.max(max, popularity[i] ?? 0);
      this.fill = Float32Array.from({ length: numItems }, (_, i) => (popularity[i] ?? 0) / (max + 1));
    }
  }

  /** Counts popularity on the training histories when the mode needs it. */
  static fit(
    data: { numItems: number; histories: UserHistory[] },
    mode: TopFrequencyMode = 'personal',
  ): PersonalTopFrequencyScorer {
    if (mode === 'personal') return new PersonalTopFrequencyScorer(data.numItems, mode);
    const counts = new Float64Array(data.numItems);
    for (const h of data.histories) for (const b of h.baskets) addBasket(counts, b.items, 0, data.numItems);
    return new PersonalTopFrequencyScorer(data.numItems, mode, counts);
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    histories.forEach((h, r) => {
      if (this.fill) out.set(this.fill, r * n);
      for (const b of h.baskets) addBasket(out, b.items, r * n, n);
    });
    return out;
  }
}

/** Adds 1 per distinct in-catalog item of a basket: frequency counts baskets, not lines. */
function addBasket(out: Float32Array | Float64Array, items: readonly number[], offset: number, n: number): void {
  const seen = new Set<number>();
  for (const i of items)
    if (i >= 0 && i < n && !seen.has(i)) {
      seen.add(i);
      out[offset + i]++;
    }
}
