// The trained ranker as it scores: per head ('all' lists may repeat the shopper's items, 'new' lists may not) a
// merged network over candidate features, plus the item statistics and pool sizes it was trained with. One call
// ranks one shopper's pool; the caller supplies the source rows (the training job from its scorers, the service
// from the served artifact).
import type { UserHistory } from '../dataset.js';
import { candidateFeatures, FEATURE_COUNT, FEATURE_NAMES } from './candidate-features.js';
import { candidatePool, type CandidatePoolParams } from './candidate-pool.js';
import type { ItemStatistics } from './item-statistics.js';
import { purchaseProfile } from './purchase-profile.js';
import { NetworkForward, type NetworkWeights } from './ranker-network.js';
import type { SourceRows } from './score-sources.js';

export type RankerHead = 'all' | 'new';
export const RANKER_HEADS: readonly RankerHead[] = ['all', 'new'];

export interface RankedPool {
  /** Candidate item indices. */
  pool: Int32Array;
  /** The network's score of each candidate (higher is better). */
  scores: Float32Array;
}

export class LearnedRanker {
  private readonly forward: Partial<Record<RankerHead, NetworkForward>> = {};
  private scratch = new Float32Array(0);

  constructor(
    readonly heads: Partial<Record<RankerHead, NetworkWeights>>,
    readonly pool: CandidatePoolParams,
    readonly stats: ItemStatistics,
    readonly featureNames: readonly string[] = FEATURE_NAMES,
  ) {
    if (featureNames.join() !== FEATURE_NAMES.join())
      throw new Error('ranker: the artifact was trained on other features than this code computes');
    for (const head of Object.keys(heads) as RankerHead[]) {
      const w = heads[head]!;
      if (w.layers[0].rows !== FEATURE_COUNT)
        throw new Error(`ranker head ${head}: expects ${w.layers[0].rows} inputs`);
      this.forward[head] = new NetworkForward(w);
    }
  }

  get numItems(): number {
    return this.stats.numItems;
  }

  has(head: RankerHead): boolean {
    return this.forward[head] !== undefined;
  }

  /** Ranks one shopper's candidates with a head; null when the head was not kept. */
  rank(history: UserHistory, rows: SourceRows, nowMs: number, head: RankerHead): RankedPool | null {
    const forward = this.forward[head];
    if (!forward) return null;
    const profile = purchaseProfile(history, nowMs, this.stats.state.price);
    const pool = candidatePool(profile, rows, this.numItems, this.pool, head === 'all');
    const size = pool.length * FEATURE_COUNT;
    if (this.scratch.length < size) this.scratch = new Float32Array(size);
    const features = candidateFeatures(pool, profile, this.stats, rows, nowMs, this.scratch);
    return { pool, scores: forward.score(features, pool.length) };
  }

  dispose(): void {
    for (const f of Object.values(this.forward)) f?.dispose();
  }
}
