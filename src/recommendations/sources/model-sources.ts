// The trained model's candidate sources, behind the same contract as the baselines. Each scores the whole index
// space of the served model (`dense`) for the request's context — a user's history (HOME), a seed item
// (PRODUCT) or a basket (CART) — and proposes its own top items as a plain list (`candidates`).
import { Injectable } from '@nestjs/common';
import { topAccepted } from '../../ml/serving/candidate-selection.js';
import { reasonFor } from '../../ml/serving/explanations.js';
import { RankerAttribution } from '../../ml/serving/ranker-attribution.js';
import { historyItems } from '../../ml/data/user-histories.js';
import type { UserHistory } from '../../ml/dataset.js';
import type { DenseSourceName } from '../../ml/serving/serving-model.js';
import { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import type { Candidate } from '../ranking/candidate.js';
import type { CandidateSource, ModelContext, SourceContext } from './candidate-source.js';

// Decorated so that its constructor's parameter types are emitted: the subclasses inherit them (Nest reads
// design:paramtypes through the prototype chain) and need no constructor of their own.
@Injectable()
abstract class ModelSource implements CandidateSource {
  abstract readonly name: DenseSourceName;
  constructor(private readonly catalog: CatalogSnapshotService) {}

  abstract dense(ctx: SourceContext): ArrayLike<number> | null;

  candidates(ctx: SourceContext): Candidate[] {
    const scores = this.dense(ctx);
    const m = ctx.model;
    if (!scores || !m) return [];
    const out: Candidate[] = [];
    for (const i of topAccepted(scores, ctx.budget)) {
      const id = m.model.idAt(i);
      const item = id === undefined ? undefined : this.catalog.byExternalId(id);
      if (item)
        out.push({
          itemId: item.internalId,
          score: scores[i],
          source: this.name,
          reason: reasonFor({ source: this.name }),
        });
    }
    return out;
  }
}

const userHistory = (m: ModelContext | undefined) => (m?.history && m.history.baskets.length > 0 ? m.history : null);

/** A seed item or a basket read as a one-basket history (what the user-history scorers take). */
const asHistory = (items: number[]): UserHistory => ({
  user: -1,
  baskets: [{ id: 0, time: 0, items, quantities: items.map(() => 1) }],
});

/** Collaborative filtering: the user's history (HOME), or item-item cosine of the output embeddings (PRODUCT). */
@Injectable()
export class CollaborativeSource extends ModelSource {
  readonly name = 'collaborative';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const m = ctx.model;
    if (!m || !m.model.has('collaborative')) return null;
    if (m.seed !== undefined) return m.model.similarRow('collaborative', m.seed);
    const h = userHistory(m);
    return h ? m.model.scoreUser(h, 'collaborative') : null;
  }
}

/** Content: the user's taste profile (HOME) or attribute similarity (PRODUCT, CART); scores new items too. */
@Injectable()
export class ContentSource extends ModelSource {
  readonly name = 'content';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const m = ctx.model;
    if (!m || !m.model.has('content')) return null;
    if (m.seed !== undefined) return m.model.similarRow('content', m.seed);
    if (m.basket && m.basket.length > 0) {
      // a basket reads as a one-basket history: the profile of what is in it
      return m.model.scoreUser(asHistory(m.basket), 'content');
    }
    const h = userHistory(m);
    return h ? m.model.scoreUser(h, 'content') : null;
  }
}

/** Sequence model: the next basket after the user's latest ones (HOME), or what completes a basket (CART). */
@Injectable()
export class SequenceSource extends ModelSource {
  readonly name = 'sequence';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const m = ctx.model;
    if (!m || !m.model.has('sequence')) return null;
    if (m.basket && m.basket.length > 0) return m.model.scoreBasket(m.basket, userHistory(m));
    if (m.seed !== undefined) return m.model.scoreBasket([m.seed], null);
    const h = userHistory(m);
    return h ? m.model.scoreUser(h, 'sequence') : null;
  }
}

/** Repeat purchases (the artifact's fitted RepeatPurchaseScorer): recency-decayed frequency × propensity × need. */
@Injectable()
export class RepeatSource extends ModelSource {
  readonly name = 'repeat';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const h = userHistory(ctx.model);
    return h ? ctx.model!.model.scoreUser(h, 'repeat') : null;
  }
}

/** The artifact's popularity counts (baskets per item over the training data): the blend's exploration prior. */
@Injectable()
export class PopularityModelSource extends ModelSource {
  readonly name = 'popularity';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    return ctx.model ? ctx.model.model.scoreUser({ user: -1, baskets: [] }, 'popularity') : null;
  }
}

/**
 * Item-to-item weights (the artifact's sparse EASE table) summed over the user's items (HOME), the seed's row
 * (PRODUCT) or the basket's rows (CART): "often bought with".
 */
@Injectable()
export class ItemItemSource extends ModelSource {
  readonly name = 'item-item';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const m = ctx.model;
    if (!m || !m.model.has('item-item')) return null;
    if (m.seed !== undefined) return m.model.scoreUser(asHistory([m.seed]), 'item-item');
    if (m.basket && m.basket.length > 0) return m.model.scoreUser(asHistory(m.basket), 'item-item');
    const h = userHistory(m);
    return h ? m.model.scoreUser(h, 'item-item') : null;
  }
}

/**
 * The learned ranker (src/ml/ranking): the network's scores on the user's candidate pool, nothing elsewhere. Its
 * 'new' head serves lists that leave out the user's purchases, its 'all' head lists that may repeat them.
 */
@Injectable()
export class RankerSource extends ModelSource {
  readonly name = 'ranker';
  dense(ctx: SourceContext): ArrayLike<number> | null {
    const m = ctx.model;
    const h = userHistory(m);
    if (!m || !h || m.seed !== undefined || (m.basket && m.basket.length > 0)) return null;
    const ranked = m.model.rankUser(h, m.excludePurchased === false ? 'all' : 'new', ctx.anchorMs ?? undefined);
    if (!ranked) return null;
    const out = new Float32Array(m.model.totalItems).fill(-Infinity);
    ranked.pool.forEach((i, r) => (out[i] = ranked.scores[r]));
    m.rankerAttribution = new RankerAttribution(ranked.rows, historyItems(h), m.model.numItems);
    return out;
  }
}

export const MODEL_SOURCE_CLASSES = [
  RankerSource,
  CollaborativeSource,
  ContentSource,
  SequenceSource,
  RepeatSource,
  PopularityModelSource,
  ItemItemSource,
];
