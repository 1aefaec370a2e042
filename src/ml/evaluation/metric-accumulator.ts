import type { MetricSpec } from './evaluation-protocol.js';
import { CoverageCounter } from './metrics/coverage.js';
import { hitRateAtK } from './metrics/hr-at-k.js';
import { mrrAtK } from './metrics/mrr-at-k.js';
import { ndcgAtK } from './metrics/ndcg-at-k.js';
import { recallAtK } from './metrics/recall-at-k.js';

/** Averages per-user metrics over users (coverage is over the union of lists). */
export class MetricAccumulator {
  private readonly sums: Float64Array;
  private readonly coverage: (CoverageCounter | null)[];
  users = 0;

  constructor(
    private readonly specs: MetricSpec[],
    numItems: number,
  ) {
    this.sums = new Float64Array(specs.length);
    this.coverage = specs.map((s) => (s.name === 'coverage' ? new CoverageCounter(numItems) : null));
  }

  get maxK(): number {
    return Math.max(1, ...this.specs.map((s) => s.k));
  }

  add(ranked: ArrayLike<number>, targets: ReadonlySet<number>): void {
    this.users++;
    this.specs.forEach((s, i) => {
      switch (s.name) {
        case 'hr':
          this.sums[i] += hitRateAtK(ranked, targets, s.k);
          break;
        case 'recall':
          this.sums[i] += recallAtK(ranked, targets, s.k);
          break;
        case 'ndcg':
          this.sums[i] += ndcgAtK(ranked, targets, s.k);
          break;
        case 'mrr':
          this.sums[i] += mrrAtK(ranked, targets, s.k);
          break;
        case 'coverage':
          this.coverage[i]!.add(ranked, s.k);
          break;
      }
    });
  }

  result(): Record<string, number> {
    const out: Record<string, number> = {};
    this.specs.forEach((s, i) => {
      out[s.id] = s.name === 'coverage' ? this.coverage[i]!.value() : this.users ? this.sums[i] / this.users : 0;
    });
    return out;
  }
}
