import { Injectable } from '@nestjs/common';
import { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import { PopularitySnapshotService } from '../popularity-snapshot.service.js';
import type { Candidate } from '../ranking/candidate.js';
import { selectWithFill } from '../ranking/select.js';
import type { RecommendationView } from '../recommendation-view.js';
import type { GatheredCandidates } from './gather-candidates.stage.js';

/**
 * Sixth stage: the explained ranking cut to `limit` accepted items and filled from popularity (recent, then all
 * time), then the rest of the catalog in id order, so a list always holds `limit` items while the catalog has
 * them; then each candidate as the view clients see.
 */
@Injectable()
export class FillListStage {
  constructor(
    private readonly catalog: CatalogSnapshotService,
    private readonly popularity: PopularitySnapshotService,
  ) {}

  fill(explained: readonly Candidate[], gathered: GatheredCandidates, limit: number): RecommendationView[] {
    const accepts = gathered.accepts;
    const accept = (internalId: string): boolean => {
      const item = this.catalog.byInternalId(internalId);
      return item !== undefined && accepts(item);
    };
    const snapshot = this.popularity.get();
    const picked = selectWithFill(
      explained,
      [snapshot.popular, snapshot.popularAllTime, this.catalogFill()],
      accept,
      limit,
    );
    const shown = gathered.kind === 'model' ? displayScores(picked) : picked.map((c) => round(c.score));
    return picked.map((c, i) => ({
      item: this.catalog.byInternalId(c.itemId)!,
      score: shown[i],
      source: c.source,
      reason: c.reason,
      anchorItem: c.anchorItemId ? (this.catalog.byInternalId(c.anchorItemId) ?? null) : null,
    }));
  }

  /** Last resort when popularity cannot fill the list: the rest of the catalog in id order. */
  private *catalogFill(): Iterable<Candidate> {
    for (const item of this.catalog.all()) {
      yield { itemId: item.internalId, score: 0, source: 'catalog', reason: 'From our catalog' };
    }
  }
}

/**
 * Scores shown for a model's list: blended sums (z-scores can be negative or above 1) scaled by the best one into
 * [0, 1] and kept non-increasing down the list (diversity may reorder).
 */
export function displayScores(list: readonly Candidate[]): number[] {
  const top = Math.max(0, ...list.map((c) => c.score));
  let previous = 1;
  return list.map((c) => {
    const scaled = top > 0 ? Math.max(0, Math.min(1, c.score / top)) : 0;
    previous = Math.min(previous, scaled);
    return round(previous);
  });
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
