import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PurchaseLine } from '../recommendations/ranking/user-history.js';

/** One customer with purchases, read a page at a time: purchase lines over external item ids, stored forecast. */
export interface AudiencePageCustomer {
  /** users.id, the paging key. */
  internalId: string;
  userId: string;
  lines: PurchaseLine[];
  /** E[orders] over horizonDays from the last training run (customer_values); null without a prediction. */
  forecast: { expectedPurchases: number; horizonDays: number } | null;
}

interface PageRow {
  id: string;
  userId: string;
  items: string[];
  baskets: string[];
  ms: number[];
  expectedPurchases: number | null;
  horizonDays: number | null;
}

/** All SQL of the audiences feature. */
@Injectable()
export class AudiencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The given external item ids that are in the catalog. */
  async existingItems(itemIds: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT external_id AS id FROM items WHERE external_id = ANY($1::text[])`,
      [itemIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** External ids of the catalog items in a category (exact name). */
  async categoryItems(category: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT external_id AS id FROM items WHERE $1 = ANY(categories) ORDER BY external_id`,
      [category],
    );
    return rows.map((r) => r.id);
  }

  /** Titles of items by external id. */
  async titles(itemIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT external_id AS id, title FROM items WHERE external_id = ANY($1::text[])`,
      [itemIds],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /** The data's "now": the newest event (as popularity and segments take it), or null without events. */
  async newestEventMs(): Promise<number | null> {
    const [row]: { ms: number | null }[] = await this.dataSource.query(
      `SELECT (extract(epoch FROM max(occurred_at)) * 1000)::float8 AS ms FROM events`,
    );
    return row?.ms ?? null;
  }

  /** External ids of the customers who bought any of the items after `sinceMs`. */
  async recentBuyers(itemIds: readonly string[], sinceMs: number): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT u.external_id AS id
         FROM events e JOIN items i ON i.id = e.item_id JOIN users u ON u.id = e.user_id
        WHERE e.type = 'purchase' AND i.external_id = ANY($1::text[]) AND e.occurred_at > to_timestamp($2 / 1000.0)`,
      [itemIds, sinceMs],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** External ids of the customers who refused personalisation. */
  async optedOut(): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT user_id AS id FROM personalization_preferences WHERE NOT personalized`,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Up to `limit` customers with purchases after users.id `afterId` (in id order), with their purchase lines. */
  async customerPage(afterId: string, limit: number): Promise<AudiencePageCustomer[]> {
    const rows: PageRow[] = await this.dataSource.query(
      `WITH page AS (
         SELECT u.id, u.external_id FROM users u
          WHERE u.id > $1::bigint
            AND EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id AND e.type = 'purchase')
          ORDER BY u.id LIMIT $2)
       SELECT p.id::text AS id, p.external_id AS "userId",
              array_agg(i.external_id) AS items,
              array_agg(coalesce(e.basket_id, 'event:' || e.id::text)) AS baskets,
              array_agg((extract(epoch FROM e.occurred_at) * 1000)::float8) AS ms,
              v.expected_purchases AS "expectedPurchases", v.horizon_days AS "horizonDays"
         FROM page p
         JOIN events e ON e.user_id = p.id AND e.type = 'purchase'
         JOIN items i ON i.id = e.item_id
         LEFT JOIN customer_values v ON v.user_id = p.id
        GROUP BY p.id, p.external_id, v.expected_purchases, v.horizon_days
        ORDER BY p.id`,
      [afterId, limit],
    );
    return rows.map((r) => ({
      internalId: r.id,
      userId: r.userId,
      lines: r.items.map((itemId, k) => ({ itemId, basket: r.baskets[k], ms: Number(r.ms[k]) })),
      forecast:
        r.expectedPurchases === null || r.horizonDays === null
          ? null
          : { expectedPurchases: Number(r.expectedPurchases), horizonDays: Number(r.horizonDays) },
    }));
  }
}
