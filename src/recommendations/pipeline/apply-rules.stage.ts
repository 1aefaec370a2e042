import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { BlendedCandidate } from '../../ml/serving/blend-candidates.js';
import { categoryCap, mmrRerank } from '../../ml/serving/candidate-selection.js';
import { cosine } from '../../ml/serving/item-vectors.js';
import { withNewItems } from '../../ml/serving/new-item-slots.js';
import type { ModelSpace } from './gather-candidates.stage.js';
import { mmrPoolSize, type Ranking } from './rank.stage.js';

/**
 * Fourth stage: the business rules on the model's ranking — diversity (MMR over item vectors, or a per-category
 * cap) and a place for a fitting new item (NEW_ITEM_SLOTS). Baseline rankings pass unchanged; the filter and the
 * exclusions hold on both paths (the pool holds accepted items only, the fill checks every item).
 */
@Injectable()
export class ApplyRulesStage {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  apply(ranking: Ranking, limit: number): Ranking {
    if (ranking.kind === 'baseline') return ranking;
    const { space, dense } = ranking.gathered;
    const diverse = this.diversify(space, ranking.pool, limit);
    const content = dense.find((d) => d.name === 'content');
    const pool = content
      ? withNewItems(diverse, content.scores, {
          firstNew: space.model.numItems,
          limit,
          slots: this.config.NEW_ITEM_SLOTS,
          accept: space.accept,
        })
      : diverse;
    return { ...ranking, pool };
  }

  /** MMR over content vectors (collaborative without a content model), or a per-category cap, or nothing. */
  private diversify(space: ModelSpace, pool: BlendedCandidate[], limit: number): BlendedCandidate[] {
    const mode = this.config.DIVERSITY;
    // Fields copied one by one: cheaper than an object spread for each of the pool's candidates.
    const keyed = (list: BlendedCandidate[]) =>
      list.map((c) => ({ index: c.index, score: c.score, source: c.source, anchor: c.anchor, key: String(c.index) }));
    if (mode === 'mmr') {
      const v = space.model.vectors('content') ?? space.model.vectors('collaborative');
      if (!v) return pool.slice(0, limit);
      return mmrRerank(keyed(pool.slice(0, mmrPoolSize(limit))), limit, this.config.DIVERSITY_MMR_LAMBDA, (a, b) =>
        cosine(v, a.index, b.index),
      );
    }
    if (mode === 'category-cap') {
      const itemAt = space.snapshot.itemAt;
      return categoryCap(
        keyed(pool),
        limit,
        this.config.DIVERSITY_CATEGORY_CAP,
        (c) => itemAt[c.index]?.categories[0]?.toLowerCase() ?? null,
      );
    }
    return pool.slice(0, limit);
  }
}
