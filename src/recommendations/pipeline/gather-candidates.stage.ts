import { Injectable } from '@nestjs/common';
import type { CatalogItem } from '../../catalog/catalog-item.js';
import { CatalogSnapshotService } from '../../catalog/catalog-snapshot.service.js';
import type { UserHistory } from '../../ml/dataset.js';
import { servedBlend, type BlendSourceSpec } from '../../ml/artifact/model-bundle.js';
import type { DenseInput, SparseInput } from '../../ml/serving/blend-candidates.js';
import type { ServingModel } from '../../ml/serving/serving-model.js';
import type { ServedModel } from '../../model-serving/model-serving.service.js';
import { normalisationOf } from '../../settings/placement-weights.js';
import { PlacementWeightsService } from '../../settings/placement-weights.service.js';
import type { Candidate } from '../ranking/candidate.js';
import { HistoryViews } from '../ranking/history-views.js';
import { nonPersonalizedPlan, planFor, type PlanStep } from '../ranking/placement-plan.js';
import type { PurchasedItem } from '../ranking/baseline-scores.js';
import { itemPredicate } from '../ranking/recommendation-filter.js';
import type { PurchaseLine } from '../ranking/user-history.js';
import { PurchaseHistoryService } from '../purchase-history.service.js';
import { ServingSnapshotService, type ServingSnapshot } from '../serving-snapshot.service.js';
import { CandidateSourceRegistry } from '../sources/candidate-source.registry.js';
import type { ModelContext, SourceContext } from '../sources/candidate-source.js';
import type { RequestContext } from './request-context.js';

/** What every gathered set carries on: who the list is for and what it may not hold. */
interface GatheredBase {
  /** The shopper has no purchase (or no shopper). */
  coldStart: boolean;
  /** Internal ids never to return: purchases under excludePurchased, the seed, the basket, capped items. */
  excluded: ReadonlySet<string>;
  /** The filter and the exclusions as one predicate over catalog items. */
  accepts: (item: CatalogItem) => boolean;
}

/** No trained model for this list: each baseline source's candidates with its plan weight. */
export interface BaselineCandidates extends GatheredBase {
  kind: 'baseline';
  lists: { candidates: readonly Candidate[]; weight: number }[];
}

/** The served model's view of the request, every index taken from one serving snapshot. */
export interface ModelSpace {
  snapshot: ServingSnapshot;
  model: ServingModel;
  history: UserHistory | null;
  /** PRODUCT: the seed item's index. */
  seed: number | undefined;
  /** CART: the basket's item indices. */
  basket: number[] | undefined;
  /** What the dense sources saw (the ranker source leaves its attribution here). */
  sources: ModelContext;
  /** The filter and the exclusions over model indices. */
  accept: (index: number) => boolean;
}

/** With a trained model: dense scores over the model's index space and list sources as sparse entries. */
export interface ModelCandidates extends GatheredBase {
  kind: 'model';
  space: ModelSpace;
  dense: DenseInput[];
  sparse: SparseInput[];
}

export type GatheredCandidates = BaselineCandidates | ModelCandidates;

/**
 * Second stage: loads the shopper's history, settles the seed, the basket and the exclusions, and asks every
 * source the weights name for candidates. With a trained model the weights (operator > config > the artifact's
 * fitted blend > built-in) pick the sources, model sources score the whole index space; without one, the
 * placement plan's baseline sources propose lists.
 */
@Injectable()
export class GatherCandidatesStage {
  private readonly historyViews = new HistoryViews();

  constructor(
    private readonly purchaseHistory: PurchaseHistoryService,
    private readonly sources: CandidateSourceRegistry,
    private readonly catalog: CatalogSnapshotService,
    private readonly snapshots: ServingSnapshotService,
    private readonly weights: PlacementWeightsService,
  ) {}

  async gather(ctx: RequestContext): Promise<GatheredCandidates> {
    const subject = ctx.subject;
    const lines = ctx.userId ? await this.purchaseHistory.lines(ctx.userId) : [];
    const purchases = this.historyViews.purchases(lines);
    const excluded = new Set(ctx.filter.excludePurchased ? purchases.map((p) => p.itemId) : []);
    let seedItem = subject.kind === 'item' ? subject.seedItem : undefined;
    let basketItems = subject.kind === 'basket' ? subject.basketItems : undefined;
    const useModel = ctx.served !== null && (subject.kind !== 'user' || lines.length > 0);
    if (useModel && subject.kind === 'user') {
      ({ seedItem, basketItems } = this.fromLatestPurchase(ctx, lines));
    }
    for (const item of [...(seedItem ? [seedItem] : []), ...(basketItems ?? [])]) excluded.add(item.internalId);
    for (const id of ctx.capped) {
      const item = this.catalog.byExternalId(id);
      if (item) excluded.add(item.internalId);
    }
    const base = { coldStart: purchases.length === 0, excluded, accepts: itemPredicate(ctx.filter, excluded) };
    const sourceCtx: SourceContext = {
      user: ctx.userId ? { id: ctx.userId, purchases } : undefined,
      seedItem,
      seedItems: basketItems,
      anchorMs: ctx.anchorMs,
      budget: ctx.budget,
    };
    if (!useModel) {
      const lists = await Promise.all(
        this.baselinePlan(ctx).map(async (step) => ({
          candidates: await this.sources.get(step.source).candidates(sourceCtx),
          weight: step.weight,
        })),
      );
      return { kind: 'baseline', ...base, lists };
    }
    const served = ctx.served!;
    // Read once: every index of this request comes from this snapshot, whatever is published meanwhile.
    const snapshot = this.snapshots.of(served.model);
    const history = lines.length > 0 ? this.historyIn(snapshot, lines) : null;
    return this.gatherWithModel(ctx, served, snapshot, {
      ...base,
      history,
      sourceCtx,
      seedItem,
      basketItems,
      purchases,
    });
  }

  /** PRODUCT is seeded by the shopper's latest purchase, CART by the latest basket; other placements by neither. */
  private fromLatestPurchase(ctx: RequestContext, lines: readonly PurchaseLine[]) {
    const latest = lines.reduce((a, b) => (b.ms > a.ms ? b : a));
    const known = (id: string) => this.catalog.byInternalId(id);
    if (ctx.placement === 'PRODUCT') return { seedItem: known(latest.itemId), basketItems: undefined };
    if (ctx.placement === 'CART') {
      const basketItems = lines
        .filter((l) => l.basket === latest.basket)
        .map((l) => known(l.itemId))
        .filter((i): i is CatalogItem => !!i);
      return { seedItem: undefined, basketItems };
    }
    return { seedItem: undefined, basketItems: undefined };
  }

  /** recommendations follow the placement plan (or the weights replacing it); the item lists follow co-purchase. */
  private baselinePlan(ctx: RequestContext): PlanStep[] {
    if (ctx.subject.kind === 'user' && !ctx.personalized) return nonPersonalizedPlan();
    if (ctx.subject.kind !== 'user') return [{ source: 'co-purchase', weight: 1 }];
    return weightedPlan(planFor(ctx.placement, ctx.filter), ctx.weights, (name) => this.sources.has(name));
  }

  private async gatherWithModel(
    ctx: RequestContext,
    served: ServedModel,
    snapshot: ServingSnapshot,
    found: GatheredBase & {
      history: UserHistory | null;
      sourceCtx: SourceContext;
      seedItem: CatalogItem | undefined;
      basketItems: readonly CatalogItem[] | undefined;
      purchases: readonly PurchasedItem[];
    },
  ): Promise<ModelCandidates> {
    const model = snapshot.model;
    const manifest = served.bundle.manifest;
    const blend = servedBlend(manifest);
    const resolved = ctx.weights ? { weights: ctx.weights } : this.weights.resolve(ctx.placement, blend);
    const weights = withRankerFallback(resolved.weights, model, ctx.filter.excludePurchased, manifest.blend);
    const active = Object.entries(weights).filter(([name, weight]) => weight > 0 && this.sources.has(name));
    const lists = new Map<string, readonly Candidate[]>(
      await Promise.all(
        active
          .map(([name]) => this.sources.get(name))
          .filter((source) => !source.dense && !(ctx.placement === 'BUY_AGAIN' && source.name === 'repeat'))
          .map(async (source) => [source.name, await source.candidates(found.sourceCtx)] as const),
      ),
    );
    const seed = found.seedItem ? model.indexOf(found.seedItem.id) : undefined;
    const basket = found.basketItems?.map((b) => model.indexOf(b.id)).filter((i): i is number => i !== undefined);
    const modelCtx: ModelContext = {
      model,
      history: found.history,
      seed,
      basket,
      excludePurchased: ctx.filter.excludePurchased,
    };
    const denseCtx: SourceContext = { ...found.sourceCtx, model: modelCtx };
    const dense: DenseInput[] = [];
    const sparse: SparseInput[] = [];
    for (const [name, weight] of active) {
      const list = lists.get(name);
      if (list) {
        sparse.push({ name, weight, entries: this.toEntries(model, list) });
      } else if (ctx.placement === 'BUY_AGAIN' && name === 'repeat') {
        sparse.push({ name, weight, entries: buyAgainEntries(model, found.history, ctx) });
      } else {
        const scores = this.sources.get(name).dense?.(denseCtx) ?? null;
        if (!scores) continue;
        // HOME blends as fitted offline; item-to-item and basket rows are cosines/logits scaled to [0, 1].
        const normalisation = ctx.placement === 'HOME' ? normalisationOf(name, blend) : 'minmax';
        dense.push({ name, scores, weight, normalisation });
      }
    }
    const itemAt = snapshot.itemAt;
    const accept = (i: number): boolean => {
      const item = itemAt[i];
      return item !== undefined && found.accepts(item);
    };
    return {
      kind: 'model',
      coldStart: found.coldStart,
      excluded: found.excluded,
      accepts: found.accepts,
      space: { snapshot, model, history: found.history, seed, basket, sources: modelCtx, accept },
      dense,
      sparse,
    };
  }

  /** The user's purchase history in the snapshot's index space (items it cannot score dropped). */
  private historyIn(snapshot: ServingSnapshot, lines: readonly PurchaseLine[]): UserHistory {
    const model = snapshot.model;
    return this.historyViews.history(lines, snapshot, (internalId) => {
      const item = this.catalog.byInternalId(internalId);
      return item ? model.indexOf(item.id) : undefined;
    });
  }

  private toEntries(model: ServingModel, list: readonly Candidate[]) {
    const out: { index: number; score: number; anchor?: number }[] = [];
    for (const c of list) {
      const item = this.catalog.byInternalId(c.itemId);
      const index = item ? model.indexOf(item.id) : undefined;
      if (index === undefined) continue;
      const anchorItem = c.anchorItemId ? this.catalog.byInternalId(c.anchorItemId) : undefined;
      out.push({ index, score: c.score, anchor: anchorItem ? model.indexOf(anchorItem.id) : undefined });
    }
    return out;
  }
}

/** BUY_AGAIN: the user's own items ordered by predicted need at the data's "now". */
function buyAgainEntries(model: ServingModel, history: UserHistory | null, ctx: RequestContext) {
  if (!history || history.baskets.length === 0) return [];
  return model.buyAgain(history, ctx.budget, ctx.anchorMs ?? undefined).map((b) => ({ index: b.item, score: b.score }));
}

/**
 * Baseline path (no trained model) under other weights (an experiment variant's, a segment's): they replace
 * the plan's — every registered source they name with a weight > 0, in the order given.
 */
export function weightedPlan(
  plan: PlanStep[],
  weights: Readonly<Record<string, number>> | null,
  registered: (source: string) => boolean,
): PlanStep[] {
  if (!weights) return plan;
  return Object.entries(weights)
    .filter(([source, weight]) => weight > 0 && registered(source))
    .map(([source, weight]) => ({ source, weight }));
}

/**
 * Weights that give the ranker a share, for a list whose ranker head the artifact lacks (training keeps only heads
 * that beat the linear blend): the ranker's share goes to the linear blend instead.
 */
export function withRankerFallback(
  weights: Readonly<Record<string, number>>,
  model: Pick<ServingModel, 'hasRankerHead'>,
  excludePurchased: boolean,
  linear: readonly BlendSourceSpec[],
): Readonly<Record<string, number>> {
  const share = weights.ranker ?? 0;
  if (!(share > 0) || model.hasRankerHead(excludePurchased ? 'new' : 'all')) return weights;
  const out: Record<string, number> = { ...weights, ranker: 0 };
  for (const b of linear) if (b.name !== 'ranker') out[b.name] = (out[b.name] ?? 0) + share * b.weight;
  return out;
}
