import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CatalogItem } from '../catalog/catalog-item.js';
import type { ServingCount } from './serving-counts.js';

// All SQL of the dashboard's analytics. Explicit casts (::int, ::float8, to_char for days) so PostgreSQL
// (bigint/numeric as strings) and PGlite give the same shapes. Every query is bounded: by a date range of at
// most MAX_RANGE_DAYS on an indexed time column, by an indexed prefix or word search with a LIMIT, or by one
// customer's or item's rows on an index (migration 1764300000000-DashboardAnalytics).

const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase'];
const UTC_DAY = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
// An order is a basket; purchases without a basket id count one order per user and instant.
const ORDER_KEY = `coalesce(e.basket_id, e.user_id::text || '@' || e.occurred_at::text)`;
// Sorts past every string that starts with the prefix: the upper bound of a prefix range on text_pattern_ops.
const PREFIX_END = String.fromCodePoint(0x10ffff);
const ITEM_COLUMNS = `i.external_id AS id, i.title, i.description, i.categories, i.price::float8 AS price,
  i.available, i.attributes`;

/** An item as the API shows it (the GraphQL Item's fields). */
export type ItemRow = Omit<CatalogItem, 'internalId' | 'isPlaceholder'>;

export interface DailyEventsRow {
  day: string;
  views: number;
  clicks: number;
  addToCarts: number;
  purchases: number;
  orders: number;
  revenue: number;
  buyers: number;
}

export interface PlacementExposureRow {
  day: string;
  placement: string;
  lists: number;
  users: number;
  impressions: number;
  clicks: number;
  addToCarts: number;
  purchases: number;
  converters: number;
}

export interface ItemSalesRow {
  /** null: the total over the range. */
  day: string | null;
  units: number;
  orders: number;
  revenue: number;
  customers: number;
}

export interface CustomerRow {
  id: string;
  segment: string | null;
  lifecycle: string | null;
  orders: number | null;
  purchaseLines: number | null;
  monetary: number | null;
  lastPurchaseAt: Date | null;
}

export interface PurchaseRow {
  item: ItemRow;
  quantity: number;
  unitPrice: number | null;
  occurredAt: Date;
  orderId: string | null;
}

export interface AppearanceRow {
  placement: string;
  lists: number;
  users: number;
  clicks: number;
  purchases: number;
}

/** Prefix bounds for `col ~>=~ $a AND col ~<~ $b` (byte order, as the text_pattern_ops index sorts). */
const prefixBounds = (prefix: string): [string, string] => [prefix, prefix + PREFIX_END];

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds one flush of served-list counts to the daily totals (every instance adds its own). */
  async addServingCounts(rows: readonly ServingCount[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO serving_daily AS s (day, placement, requests, cache_hits, items_served)
       SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
       ON CONFLICT (day, placement) DO UPDATE SET
         requests = s.requests + excluded.requests,
         cache_hits = s.cache_hits + excluded.cache_hits,
         items_served = s.items_served + excluded.items_served`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.placement),
        rows.map((r) => r.requests),
        rows.map((r) => r.cacheHits),
        rows.map((r) => r.itemsServed),
      ],
    );
  }

  /** The newest UTC day with an event, a served list or an exposure; null when nothing is stored. */
  async latestActivityDay(): Promise<string | null> {
    const perType = EVENT_TYPES.map((_, i) => `(SELECT max(occurred_at) FROM events WHERE type = $${i + 1})`);
    const [row] = await this.dataSource.query(
      `SELECT ${UTC_DAY(`greatest(${perType.join(', ')},
                (SELECT max(served_at) FROM experiment_exposures),
                (SELECT max(day)::timestamp AT TIME ZONE 'UTC' FROM serving_daily))`)} AS day`,
      EVENT_TYPES,
    );
    return (row?.day as string | null) ?? null;
  }

  async dailyEvents(from: Date, end: Date): Promise<DailyEventsRow[]> {
    return this.dataSource.query(
      `SELECT ${UTC_DAY('e.occurred_at')} AS day,
              count(*) FILTER (WHERE e.type = 'view')::int AS views,
              count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
              count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS "addToCarts",
              count(*) FILTER (WHERE e.type = 'purchase')::int AS purchases,
              count(DISTINCT ${ORDER_KEY}) FILTER (WHERE e.type = 'purchase')::int AS orders,
              coalesce(sum(e.quantity * coalesce(e.price, 0)) FILTER (WHERE e.type = 'purchase'), 0)::float8 AS revenue,
              count(DISTINCT e.user_id) FILTER (WHERE e.type = 'purchase')::int AS buyers
         FROM events e
        WHERE e.type = ANY($3::text[]) AND e.occurred_at >= $1 AND e.occurred_at < $2
        GROUP BY 1 ORDER BY 1`,
      [from, end, EVENT_TYPES],
    );
  }

  async dailyServing(from: string, to: string): Promise<ServingCount[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, placement, requests::float8 AS requests,
              cache_hits::float8 AS "cacheHits", items_served::float8 AS "itemsServed"
         FROM serving_daily WHERE day BETWEEN $1::date AND $2::date ORDER BY day, placement`,
      [from, to],
    );
  }

  /**
   * Lists logged as experiment exposures (they carry the placement and the items shown) per day and placement,
   * with the events that came back with their requestId on an item of the list — the experiments report's
   * attribution, per day.
   */
  async placementExposures(from: Date, end: Date): Promise<PlacementExposureRow[]> {
    return this.dataSource.query(
      `WITH x AS (
         SELECT request_id, placement, user_id, item_ids, ${UTC_DAY('served_at')} AS day
           FROM experiment_exposures WHERE served_at >= $1 AND served_at < $2
       ), shown AS (
         SELECT day, placement, count(*)::int AS lists, count(DISTINCT user_id)::int AS users,
                coalesce(sum(cardinality(item_ids)), 0)::int AS impressions
           FROM x GROUP BY day, placement
       ), attributed AS (
         SELECT x.day, x.placement, x.user_id, e.type, e.request_id, i.external_id
           FROM x
           JOIN events e ON e.request_id = x.request_id
           JOIN items i ON i.id = e.item_id AND i.external_id = ANY (x.item_ids)
       ), acted AS (
         SELECT day, placement,
                count(DISTINCT (request_id, external_id)) FILTER (WHERE type = 'click')::int AS clicks,
                count(*) FILTER (WHERE type = 'add_to_cart')::int AS add_to_carts,
                count(*) FILTER (WHERE type = 'purchase')::int AS purchases,
                count(DISTINCT user_id) FILTER (WHERE type = 'purchase')::int AS converters
           FROM attributed GROUP BY day, placement
       )
       SELECT s.day, s.placement, s.lists, s.users, s.impressions,
              coalesce(a.clicks, 0) AS clicks, coalesce(a.add_to_carts, 0) AS "addToCarts",
              coalesce(a.purchases, 0) AS purchases, coalesce(a.converters, 0) AS converters
         FROM shown s LEFT JOIN acted a USING (day, placement)
        ORDER BY s.day, s.placement`,
      [from, end],
    );
  }

  /** Best sellers of a range (units), with their revenue. */
  async topItems(from: Date, end: Date, limit: number): Promise<{ item: ItemRow; units: number; revenue: number }[]> {
    const rows: (ItemRow & { units: number; revenue: number })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, t.units, t.revenue
         FROM (SELECT e.item_id, sum(e.quantity)::int AS units,
                      coalesce(sum(e.quantity * coalesce(e.price, 0)), 0)::float8 AS revenue
                 FROM events e
                WHERE e.type = 'purchase' AND e.occurred_at >= $1 AND e.occurred_at < $2
                GROUP BY e.item_id ORDER BY units DESC, e.item_id LIMIT $3) t
         JOIN items i ON i.id = t.item_id
        ORDER BY t.units DESC, i.external_id`,
      [from, end, limit],
    );
    return rows.map(({ units, revenue, ...item }) => ({ item, units, revenue }));
  }

  /** Customers whose id starts with `prefix` (id order), or the biggest spenders when the prefix is empty. */
  async customers(prefix: string, limit: number): Promise<CustomerRow[]> {
    const columns = `u.external_id AS id, s.segment, s.lifecycle, s.frequency AS orders,
      s.purchase_count AS "purchaseLines", s.monetary::float8 AS monetary, s.last_purchase_at AS "lastPurchaseAt"`;
    if (prefix === '') {
      return this.dataSource.query(
        `SELECT ${columns} FROM user_segments s JOIN users u ON u.id = s.user_id
          ORDER BY s.monetary DESC, u.external_id LIMIT $1`,
        [limit],
      );
    }
    const [lo, hi] = prefixBounds(prefix);
    return this.dataSource.query(
      `SELECT ${columns}
         FROM (SELECT id, external_id FROM users
                WHERE external_id ~>=~ $1 AND external_id ~<~ $2
                ORDER BY external_id USING ~<~ LIMIT $3) u
         LEFT JOIN user_segments s ON s.user_id = u.id
        ORDER BY u.external_id USING ~<~`,
      [lo, hi, limit],
    );
  }

  /** A customer's purchase lines, newest first. */
  async customerPurchases(userId: string, limit: number): Promise<PurchaseRow[]> {
    const rows: (ItemRow & { quantity: number; unitPrice: number | null; occurredAt: Date; orderId: string | null })[] =
      await this.dataSource.query(
        `SELECT ${ITEM_COLUMNS}, e.quantity, e.price::float8 AS "unitPrice", e.occurred_at AS "occurredAt",
                e.basket_id AS "orderId"
           FROM users u
           JOIN events e ON e.user_id = u.id AND e.type = 'purchase'
           JOIN items i ON i.id = e.item_id
          WHERE u.external_id = $1
          ORDER BY e.occurred_at DESC, e.id DESC LIMIT $2`,
        [userId, limit],
      );
    return rows.map(({ quantity, unitPrice, occurredAt, orderId, ...item }) => ({
      item,
      quantity,
      unitPrice,
      occurredAt: new Date(occurredAt),
      orderId,
    }));
  }

  /** Items whose id starts with `prefix`, in id order. */
  async itemsByIdPrefix(prefix: string, limit: number): Promise<ItemRow[]> {
    const [lo, hi] = prefixBounds(prefix);
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM items i
        WHERE i.external_id ~>=~ $1 AND i.external_id ~<~ $2 AND NOT i.is_placeholder
        ORDER BY i.external_id USING ~<~ LIMIT $3`,
      [lo, hi, limit],
    );
  }

  /** Items whose title has every word of the query (a word may be the start of a title word), by title. */
  async itemsByTitleWords(words: readonly string[], limit: number): Promise<ItemRow[]> {
    if (words.length === 0) return [];
    const query = words.map((_, i) => `to_tsquery('simple', $${i + 2} || ':*')`).join(' && ');
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM items i
        WHERE to_tsvector('simple', i.title) @@ (${query}) AND NOT i.is_placeholder
        ORDER BY i.title, i.external_id LIMIT $1`,
      [limit, ...words],
    );
  }

  /** One item's purchases per day over a range, and the range's total (day null). */
  async itemSales(itemId: string, from: Date, end: Date): Promise<ItemSalesRow[]> {
    return this.dataSource.query(
      `SELECT d.day, sum(d.quantity)::int AS units, count(DISTINCT d.order_key)::int AS orders,
              coalesce(sum(d.quantity * coalesce(d.price, 0)), 0)::float8 AS revenue,
              count(DISTINCT d.user_id)::int AS customers
         FROM (SELECT ${UTC_DAY('e.occurred_at')} AS day, e.quantity, e.price, e.user_id, ${ORDER_KEY} AS order_key
                 FROM events e
                WHERE e.item_id = (SELECT id FROM items WHERE external_id = $1) AND e.type = 'purchase'
                  AND e.occurred_at >= $2 AND e.occurred_at < $3) d
        GROUP BY GROUPING SETS ((d.day), ())
        ORDER BY d.day NULLS FIRST`,
      [itemId, from, end],
    );
  }

  /** Lists (experiment exposures) of a range that showed the item, per placement, with the clicks and purchases it got there. */
  async itemAppearances(itemId: string, from: Date, end: Date): Promise<AppearanceRow[]> {
    return this.dataSource.query(
      `WITH x AS (
         SELECT request_id, placement, user_id FROM experiment_exposures
          WHERE item_ids @> ARRAY[$1::text] AND served_at >= $2 AND served_at < $3
       ), acted AS (
         SELECT x.placement,
                count(DISTINCT x.request_id) FILTER (WHERE e.type = 'click')::int AS clicks,
                count(*) FILTER (WHERE e.type = 'purchase')::int AS purchases
           FROM x
           JOIN events e ON e.request_id = x.request_id
          WHERE e.item_id = (SELECT id FROM items WHERE external_id = $1)
          GROUP BY x.placement
       )
       SELECT x.placement, count(*)::int AS lists, count(DISTINCT x.user_id)::int AS users,
              coalesce(max(a.clicks), 0) AS clicks, coalesce(max(a.purchases), 0) AS purchases
         FROM x LEFT JOIN acted a USING (placement)
        GROUP BY x.placement ORDER BY lists DESC, x.placement`,
      [itemId, from, end],
    );
  }

  /** The UTC day of the item's latest purchase; null when it never sold. */
  async itemLatestSaleDay(itemId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${UTC_DAY('max(e.occurred_at)')} AS day FROM events e
        WHERE e.item_id = (SELECT id FROM items WHERE external_id = $1) AND e.type = 'purchase'`,
      [itemId],
    );
    return (row?.day as string | null) ?? null;
  }

  async itemExists(itemId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM items WHERE external_id = $1`, [itemId]);
    return rows.length > 0;
  }
}
