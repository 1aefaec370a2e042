import type { UserHistory } from '../dataset.js';
import type { TrainingData } from '../data/training-data.js';
import type { Scorer } from '../scorer.js';

/** Most-popular baseline: score(i) = number of training baskets containing i, the same for every user. */
export class PopularityScorer implements Scorer {
  readonly name = 'Pop';

  constructor(readonly counts: Float32Array) {}

  static fit(data: TrainingData): PopularityScorer {
    const counts = new Float32Array(data.numItems);
    for (const h of data.histories)
      for (const b of h.baskets) for (const i of b.items) if (i < data.numItems) counts[i]++;
    return new PopularityScorer(counts);
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const n = this.counts.length;
    const out = new Float32Array(histories.length * n);
    for (let r = 0; r < histories.length; r++) out.set(this.counts, r * n);
    return out;
  }
}
