import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { blendCandidates, type BlendedCandidate } from '../../ml/serving/blend-candidates.js';
import { mergeWeightedLists } from '../ranking/merge-weighted-lists.js';
import type { Candidate } from '../ranking/candidate.js';
import type { GatheredCandidates, ModelCandidates } from './gather-candidates.stage.js';

/** Baseline lists blended into one ranking (the filter applies when the list is filled). */
export interface BaselineRanking {
  kind: 'baseline';
  gathered: GatheredCandidates;
  ranked: Candidate[];
}

/** The model's blended pool over its index space: accepted items only, best first. */
export interface ModelRanking {
  kind: 'model';
  gathered: ModelCandidates;
  pool: BlendedCandidate[];
}

export type Ranking = BaselineRanking | ModelRanking;

/**
 * Third stage: blends the gathered candidates into one ranking. With a model, sources are blended densely over
 * the whole index space with the normalisation they were fitted with, list sources scaled by their maximum, and
 * only as many accepted candidates are kept as the diversity rule looks at.
 */
@Injectable()
export class RankStage {
  private scratch = new Float32Array(0);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  rank(gathered: GatheredCandidates, limit: number, budget: number): Ranking {
    if (gathered.kind === 'baseline') return { kind: 'baseline', gathered, ranked: mergeWeightedLists(gathered.lists) };
    const { dense, sparse, space } = gathered;
    const total = space.model.totalItems;
    if (this.scratch.length < total) this.scratch = new Float32Array(total);
    const pool =
      dense.length + sparse.length === 0
        ? []
        : blendCandidates(total, dense, sparse, this.poolSize(limit, budget), space.accept, this.scratch);
    return { kind: 'model', gathered, pool };
  }

  /** Blended candidates the diversity rule looks at: MMR re-ranks the first few, a category cap may defer many. */
  private poolSize(limit: number, budget: number): number {
    switch (this.config.DIVERSITY) {
      case 'mmr':
        return Math.min(budget, mmrPoolSize(limit));
      case 'category-cap':
        return budget;
      default:
        return Math.min(budget, limit);
    }
  }
}

/** Candidates MMR chooses the list from: enough to trade relevance for diversity, few enough to stay relevant. */
export const mmrPoolSize = (limit: number): number => Math.max(limit * 3, limit + 10);
