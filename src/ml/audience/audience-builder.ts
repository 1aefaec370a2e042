// Builds an audience from customers streamed past it (a page at a time): each customer's served scores, the
// affinity of those scores for the targets, times the orders expected in the horizon; the best kept in a
// bounded heap. Exclusions are the caller's (it knows who opted out or bought recently). Pure.
import type { BlendSourceSpec } from '../artifact/model-bundle.js';
import type { UserHistory } from '../dataset.js';
import type { ServingModel } from '../serving/serving-model.js';
import { audienceScore, TopAudience, type AudienceCandidate } from './audience-ranking.js';
import { blendedUserScores, denseBlendOf } from './blended-user-scores.js';
import { expectedOrders, type OrderHistorySummary, type StoredOrderForecast } from './expected-orders.js';
import { targetAffinity } from './target-affinity.js';

export interface AudienceCustomer extends OrderHistorySummary {
  userId: string;
  /** Baskets in the model's index space (oldest first). */
  history: UserHistory;
  forecast: StoredOrderForecast | null;
}

export interface AudienceBuilderOptions {
  /** Model indices of the target items. */
  targets: readonly number[];
  horizonDays: number;
  /** Candidates kept (the audience size plus room for later exclusions). */
  capacity: number;
  /** The data's "now" (newest event), for the order-rate fallback. */
  nowMs: number;
}

export class AudienceBuilder {
  private readonly top: TopAudience;
  private readonly blend: BlendSourceSpec[];
  private readonly scratch: Float32Array;
  /** Customers scored so far. */
  scored = 0;

  constructor(
    private readonly model: ServingModel,
    blend: readonly BlendSourceSpec[],
    private readonly options: AudienceBuilderOptions,
  ) {
    this.blend = denseBlendOf(model, blend);
    if (this.blend.length === 0) throw new Error(`model ${model.version} has no source that scores every item`);
    this.top = new TopAudience(options.capacity);
    this.scratch = new Float32Array(model.numItems);
  }

  add(customer: AudienceCustomer): void {
    if (customer.history.baskets.length === 0) return;
    this.scored++;
    const orders = expectedOrders(this.options.horizonDays, customer.forecast, customer, this.options.nowMs);
    if (!(orders > 0)) return;
    const scores = blendedUserScores(this.model, customer.history, this.blend, this.scratch);
    const { affinity, best, bestRank } = targetAffinity(scores, this.options.targets, itemsPerOrder(customer.history));
    if (best < 0) return;
    this.top.offer({
      userId: customer.userId,
      score: audienceScore(orders, affinity),
      itemIndex: best,
      itemRank: bestRank,
      expectedOrders: orders,
    });
  }

  /** The kept candidates, best first. */
  ranked(): AudienceCandidate[] {
    return this.top.ranked();
  }
}

/** Mean distinct items per basket. */
export function itemsPerOrder(history: UserHistory): number {
  if (history.baskets.length === 0) return 0;
  let items = 0;
  for (const b of history.baskets) items += b.items.length;
  return items / history.baskets.length;
}
