import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';

/** Repeat baseline: score(u, i) = number of u's baskets containing i (0 for items never bought). */
export class RepeatFrequencyScorer implements Scorer {
  readonly name = 'RepeatFreq';

  constructor(readonly numItems: number) {}

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(histories.length * n);
    histories.forEach((h, r) => {
      for (const b of h.baskets) for (const i of b.items) if (i < n) out[r * n + i]++;
    });
    return out;
  }
}
