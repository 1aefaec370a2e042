// NDCG@10 of recommendations(placement: HOME) measured THROUGH THE SERVICE (RecommendationsService.recommend,
// the method the resolver calls), against the served blend's own popularity source on the same users.
//
//   node dist/bench/serving-quality.js <database-url-of-a-copy> [users=1000]
//
// The database must be a disposable COPY of one with a trained, active model (e.g. CREATE DATABASE x TEMPLATE y):
// for a sample of users with ≥ 2 baskets, the script deletes each user's last basket (the held-out target, as in
// the training protocol), then asks the service. 'all' = excludePurchased: false (repeats count), 'new' = the
// default filter (purchases excluded, targets bought before removed). The artifact's TF models never saw these
// baskets (trained on the validation-training split); its repeat/popularity statistics did, for both sides alike.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { ndcgAtK } from '../src/ml/evaluation/metrics/ndcg-at-k.js';
import { RecommendationsService } from '../src/recommendations/recommendations.service.js';
import type { PlacementWeights } from '../src/settings/placement-weights.js';
import { PlacementWeightsService } from '../src/settings/placement-weights.service.js';

export interface ServingQuality {
  users: number;
  served: { all: number; new: number };
  popularity: { all: number; new: number };
  /** PRODUCT and CART on the same held-out baskets, per weight set (the first is the placement's default). */
  contextual: ContextualQuality[];
}

/** NDCG@10 of one weight set of PRODUCT (seed → rest of its basket) or CART (first half → second half). */
export interface ContextualQuality {
  placement: 'PRODUCT' | 'CART';
  weights: string;
  ndcg: number;
  cases: number;
  /** Paired difference from the default on the same cases: mean and its standard error (null for the default). */
  vsDefault: { mean: number; standardError: number } | null;
}

/** Weight sets compared on PRODUCT and CART; null = the placement's default (config or built-in). */
export const CONTEXTUAL_VARIANTS: Record<'PRODUCT' | 'CART', (PlacementWeights | null)[]> = {
  PRODUCT: [
    null,
    { 'co-purchase': 1, collaborative: 0.6, content: 0.4 },
    { 'co-purchase': 1 },
    { 'item-item': 1 },
    { collaborative: 1 },
    { content: 1 },
    { 'co-purchase': 1, 'item-item': 0.5, collaborative: 0.6, content: 0.4 },
    { 'co-purchase': 1, 'item-item': 2, collaborative: 0.6, content: 0.4 },
    { 'item-item': 1, collaborative: 0.6, content: 0.4 },
  ],
  CART: [
    null,
    { 'co-purchase': 1 },
    { 'item-item': 1 },
    { sequence: 1 },
    { sequence: 1, 'co-purchase': 1.5, 'item-item': 1 },
    { sequence: 1, 'item-item': 1 },
    { sequence: 1, 'co-purchase': 1.5, 'item-item': 1, content: 0.4 },
  ],
};

export async function measureServingQuality(databaseUrl: string, sample = 1000): Promise<ServingQuality> {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    DEMO_DATA: 'false',
    DEMO_TRAIN: 'false',
    AUTH_MODE: 'open',
    LOG_LEVEL: 'error',
  });
  delete process.env.REDIS_URL;
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const db = app.get(DataSource);
    // last basket (by time) of a seeded random sample of users with ≥ 2 baskets
    const rows: { u: string; basket: string; item: string; seen: boolean }[] = await db.query(
      `WITH b AS (
         SELECT e.user_id, coalesce(e.basket_id, 'event:' || e.id::text) AS basket, min(e.occurred_at) AS t
           FROM events e WHERE e.type = 'purchase' GROUP BY 1, 2),
       r AS (SELECT user_id, basket, row_number() OVER (PARTITION BY user_id ORDER BY t DESC, basket DESC) AS k,
                    count(*) OVER (PARTITION BY user_id) AS n FROM b),
       picked AS (SELECT user_id, basket FROM r WHERE k = 1 AND n >= 2 ORDER BY md5(user_id::text) LIMIT $1)
       SELECT u.external_id AS u, p.basket, i.external_id AS item,
              EXISTS (SELECT 1 FROM events x WHERE x.user_id = p.user_id AND x.item_id = e.item_id AND x.type = 'purchase'
                        AND coalesce(x.basket_id, 'event:' || x.id::text) <> p.basket) AS seen
         FROM picked p JOIN events e ON e.user_id = p.user_id AND coalesce(e.basket_id, 'event:' || e.id::text) = p.basket
         JOIN users u ON u.id = p.user_id JOIN items i ON i.id = e.item_id
        WHERE e.type = 'purchase' ORDER BY e.id`,
      [sample],
    );
    const targets = new Map<string, { all: Set<string>; new: Set<string>; basket: string }>();
    for (const r of rows) {
      const t = targets.get(r.u) ?? { all: new Set(), new: new Set(), basket: r.basket };
      t.all.add(r.item);
      if (!r.seen) t.new.add(r.item);
      targets.set(r.u, t);
    }
    for (const [u, t] of targets) {
      await db.query(
        `DELETE FROM events WHERE user_id = (SELECT id FROM users WHERE external_id = $1) AND coalesce(basket_id, 'event:' || id::text) = $2`,
        [u, t.basket],
      );
    }
    const service = app.get(RecommendationsService);
    const weights = app.get(PlacementWeightsService);
    const measure = async () => {
      let all = 0;
      let neu = 0;
      let newUsers = 0;
      for (const [u, t] of targets) {
        const ids = async (excludePurchased: boolean) =>
          (
            await service.recommend({
              userId: u,
              limit: 10,
              placement: 'HOME',
              filter: { excludePurchased },
              bypassCache: true,
            })
          ).items.map((r) => r.item.id);
        all += ndcgIds(await ids(false), t.all);
        if (t.new.size > 0) {
          neu += ndcgIds(await ids(true), t.new);
          newUsers++;
        }
      }
      return { all: all / targets.size, new: neu / Math.max(1, newUsers) };
    };
    const served = await measure();
    await weights.set('HOME', { popularity: 1 }, 'serving-quality bench', null);
    const popularity = await measure();
    await weights.reset('HOME', 'serving-quality bench');

    // PRODUCT: the basket's first line is the product shown, the other items are the targets. CART: the first
    // half of the basket (line order) is in the cart, the second half the targets; the user is known (history
    // without this basket), the filter the storefront's default.
    const baskets = [...targets].map(([u, t]) => ({ u, items: [...t.all] })).filter((b) => b.items.length >= 2);
    const contextual: ContextualQuality[] = [];
    for (const placement of ['PRODUCT', 'CART'] as const) {
      let baseline: number[] | null = null;
      for (const variant of CONTEXTUAL_VARIANTS[placement]) {
        if (variant) await weights.set(placement, variant, 'serving-quality bench', null);
        const perCase: number[] = [];
        for (const { u, items } of baskets) {
          const cut = placement === 'PRODUCT' ? 1 : Math.ceil(items.length / 2);
          const given = items.slice(0, cut);
          const list =
            placement === 'PRODUCT'
              ? await service.similarItems({ itemId: given[0], limit: 10 })
              : await service.complementaryItems({ itemIds: given, userId: u, limit: 10 });
          perCase.push(
            ndcgIds(
              list.items.map((r) => r.item.id),
              new Set(items.slice(cut)),
            ),
          );
        }
        baseline ??= perCase;
        if (variant) await weights.reset(placement, 'serving-quality bench');
        const shown = variant ?? weights.resolve(placement, null).weights;
        contextual.push({
          placement,
          weights: `${variant ? '' : 'default: '}${Object.entries(shown)
            .map(([k, w]) => `${k} ${w}`)
            .join(', ')}`,
          ndcg: mean(perCase),
          cases: baskets.length,
          vsDefault: variant ? pairedDifference(perCase, baseline) : null,
        });
      }
    }
    return { users: targets.size, served, popularity, contextual };
  } finally {
    await app.close();
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Mean of a[i] − b[i] and its standard error (sample sd / √n). */
function pairedDifference(a: readonly number[], b: readonly number[]): { mean: number; standardError: number } {
  const d = a.map((x, i) => x - b[i]);
  const m = mean(d);
  const variance = d.reduce((acc, x) => acc + (x - m) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean: m, standardError: Math.sqrt(variance / Math.max(1, d.length)) };
}

/** NDCG@10 with binary relevance over external ids (same formula as src/ml/evaluation/metrics/ndcg-at-k.ts). */
function ndcgIds(list: string[], targets: Set<string>): number {
  const index = new Map([...targets].map((id, i) => [id, i]));
  return ndcgAtK(
    list.map((id) => index.get(id) ?? -1),
    new Set(index.values()),
    10,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, users] = process.argv.slice(2);
  if (!url) {
    console.error('usage: serving-quality <database-url-of-a-disposable-copy> [users]');
    process.exit(2);
  }
  measureServingQuality(url, Number(users ?? 1000)).then(
    (r) => {
      const { contextual, ...home } = r;
      console.log(JSON.stringify(home));
      console.table(
        contextual.map(({ vsDefault, ...c }) => ({
          ...c,
          ndcg: c.ndcg.toFixed(4),
          'vs default (± s.e.)': vsDefault
            ? `${vsDefault.mean >= 0 ? '+' : ''}${vsDefault.mean.toFixed(4)} ± ${vsDefault.standardError.toFixed(4)}`
            : '',
        })),
      );
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
