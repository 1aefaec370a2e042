// Sampled softmax with a popularity proposal and the logQ correction (Bengio & Senécal, "Adaptive Importance Sampling
// to Accelerate Training of a Neural Probabilistic Language Model", IEEE TNN 2008; Jean et al., ACL 2015; Yi et al.,
// "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys 2019).
// A full softmax scores the whole catalog for every training row, so a step costs rows × items × dim; here the
// softmax runs over the step's target items plus K negatives drawn from q(i) ∝ (count_i + 1)^power, and each
// column's logit is lowered by log E[times drawn] ≈ log(1 − (1 − q_i)^K), which keeps the estimate of the full
// softmax's gradient consistent: popular items, drawn often, are not over-penalised. A step then costs
// rows × (targets + K) × dim whatever the catalog size.
import type { SeededRandom } from './seeded-random.js';

/** Draws items from q(i) ∝ (count_i + 1)^power by binary search on the cumulative distribution. */
export class PopularitySampler {
  private readonly cumulative: Float64Array;
  private readonly q: Float64Array;

  constructor(counts: ArrayLike<number>, power = 0.75) {
    const n = counts.length;
    if (n === 0) throw new Error('a popularity sampler needs at least one item');
    this.q = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += this.q[i] = Math.pow(Math.max(0, counts[i]) + 1, power);
    this.cumulative = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      this.q[i] /= total;
      acc += this.q[i];
      this.cumulative[i] = acc;
    }
  }

  get numItems(): number {
    return this.q.length;
  }

  /** Proposal probability of one item. */
  probability(item: number): number {
    return this.q[item];
  }

  /** One item drawn from q. */
  draw(rng: SeededRandom): number {
    const u = rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** log of the chance that `item` appears among `draws` draws: the logQ correction of its column. */
  logInclusion(item: number, draws: number): number {
    const q = this.q[item];
    // 1 − (1 − q)^K without cancellation for tiny q
    return Math.log(-Math.expm1(draws * Math.log1p(-Math.min(q, 1 - 1e-12))));
  }
}

/** The softmax columns of one step: distinct item ids, the column of each target, and every column's logQ. */
export interface SampledColumns {
  items: Int32Array;
  /** Column of each of the `targets` passed in, in order. */
  targetColumns: Int32Array;
  /** log inclusion probability of each column, to subtract from its logit. */
  logQ: Float32Array;
}

/** Targets first (deduplicated), then `negatives` popularity draws not already present. */
export function sampleColumns(
  targets: ArrayLike<number>,
  sampler: PopularitySampler,
  negatives: number,
  rng: SeededRandom,
): SampledColumns {
  const column = new Map<number, number>();
  const add = (i: number): number => {
    let c = column.get(i);
    if (c === undefined) column.set(i, (c = column.size));
    return c;
  };
  const targetColumns = Int32Array.from(targets, (i) => add(i));
  for (let k = 0; k < negatives; k++) add(sampler.draw(rng));
  const items = Int32Array.from(column.keys());
  const logQ = Float32Array.from(items, (i) => sampler.logInclusion(i, negatives));
  return { items, targetColumns, logQ };
}

/** Purchase counts per item over the histories' baskets: the sampler's popularity. */
export function itemCounts(histories: { baskets: { items: number[] }[] }[], numItems: number): Float64Array {
  const counts = new Float64Array(numItems);
  for (const h of histories) for (const b of h.baskets) for (const i of b.items) if (i >= 0 && i < numItems) counts[i]++;
  return counts;
}
