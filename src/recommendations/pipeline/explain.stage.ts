import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { BlendedCandidate } from '../../ml/serving/blend-candidates.js';
import { reasonFor, recentItems, repeatStats } from '../../ml/serving/explanations.js';
import { bestAnchor } from '../../ml/serving/item-vectors.js';
import type { SimilarityKind } from '../../ml/serving/serving-model.js';
import { popularReason } from '../popularity-snapshot.service.js';
import type { Candidate } from '../ranking/candidate.js';
import type { PlacementName } from '../../placements/placement.js';
import type { ModelSpace } from './gather-candidates.stage.js';
import type { Ranking } from './rank.stage.js';

const SIMILARITY_REASON: Partial<Record<PlacementName, Partial<Record<string, string>>>> = {
  PRODUCT: { collaborative: 'collaborative-similar', content: 'content-similar', sequence: 'sequence-basket' },
  CART: { sequence: 'sequence-basket', content: 'content-similar' },
};

/**
 * Fifth stage: a reason and an anchor item for every ranked item. Baseline sources explain their own candidates;
 * a model's item is explained by its source (the ranker's by the source that put it forward) and anchored on the
 * seed, the basket or the recent purchase it is most similar to.
 */
@Injectable()
export class ExplainStage {
  private readonly popularWindow: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.popularWindow = popularReason(config.POPULARITY_WINDOW_DAYS).replace(/^Popular ?/, '');
  }

  explain(ranking: Ranking, placement: PlacementName): Candidate[] {
    if (ranking.kind === 'baseline') return ranking.ranked;
    const space = ranking.gathered.space;
    return ranking.pool.map((c) => this.explainOne(space, c, placement));
  }

  private explainOne(space: ModelSpace, c: BlendedCandidate, placement: PlacementName): Candidate {
    const { model, seed, basket, history } = space;
    const itemAt = space.snapshot.itemAt;
    const item = itemAt[c.index]!;
    const attribution = space.sources.rankerAttribution;
    let anchor = c.anchor;
    // The ranker's items are explained by the source that put them forward.
    const source = c.source === 'ranker' && attribution ? attribution.sourceOf(c.index) : c.source;
    const kind = source as SimilarityKind;
    const isModel = kind === 'collaborative' || kind === 'content' || kind === 'sequence';
    if (anchor === undefined && source === 'item-item') {
      const anchors =
        seed !== undefined ? [seed] : basket && basket.length > 0 ? basket : history ? recentItems(history, 30) : [];
      anchor = model.itemItemAnchor(anchors, c.index);
    } else if (anchor === undefined && isModel) {
      if (seed !== undefined) anchor = seed;
      else {
        const anchors =
          basket && basket.length > 0 ? basket : history ? recentItems(history, kind === 'sequence' ? 10 : 30) : [];
        const v = model.vectors(kind);
        anchor = v ? bestAnchor(v, c.index, anchors)?.item : undefined;
      }
    }
    const anchorItem = anchor === undefined ? undefined : itemAt[anchor];
    const reason = reasonFor({
      source: SIMILARITY_REASON[placement]?.[source] ?? source,
      anchorTitle: anchorItem?.title,
      repeat: source === 'repeat' && history ? repeatStats(history, c.index) : null,
      popularWindow: this.popularWindow,
    });
    return { itemId: item.internalId, score: c.score, source: c.source, reason, anchorItemId: anchorItem?.internalId };
  }
}
