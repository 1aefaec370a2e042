import { MAX_FUTURE_SKEW_MS } from '../events/event-validation.js';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CoPurchaseCount, PurchasedItem, WindowCount } from './ranking/baseline-scores.js';
import type { PurchaseLine } from './ranking/user-history.js';
import type { SegmentMembership } from '../ml/segments/segment-target.js';

export interface AllTimeCount {
  itemId: string;
  users: number;
  baskets: number;
}

/**
 * Every query the recommendation use cases run. Per request: `userPurchases` (index
 * events_user_time_idx via the unique users.external_id) and, for similarItems, `coPurchases`
 * (events_item_basket_idx + events_basket_idx). The rest feeds the periodic snapshot.
 * Casts are explicit so pg and PGlite return the same JS types.
 */
@Injectable()
export class RecommendationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Changes whenever events or items change: the snapshot skips recomputation when it is equal. */
  async dataFingerprint(): Promise<string> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT coalesce(max(id), 0)::text FROM events) AS events,
              (SELECT count(*)::text || '@' || coalesce(max(updated_at)::text, '') FROM items) AS items`,
    );
    return `${row.events}/${row.items}`;
  }

  /**
   * Time of the newest purchase (ms), the "now" of popularity and trending; null without purchases.
   * Purchases dated after the database's clock (plus the skew recordEvent allows) are left out: one such
   * row would otherwise empty every window and rank whatever it names first for everyone.
   */
  async newestPurchaseMs(): Promise<number | null> {
    const [row] = await this.dataSource.query(
      `SELECT (extract(epoch FROM max(occurred_at)) * 1000)::float8 AS ms FROM events
        WHERE type = 'purchase' AND occurred_at <= now() + make_interval(secs => $1)`,
      [MAX_FUTURE_SKEW_MS / 1000],
    );
    return row?.ms == null ? null : Number(row.ms);
  }

  /** Distinct purchasers per item over (start, end], split at `middle` for trending. */
  async windowCounts(startMs: number, middleMs: number): Promise<WindowCount[]> {
    const rows: { item_id: string; total: number; recent: number; earlier: number }[] = await this.dataSource.query(
      `SELECT item_id::text AS item_id,
              count(DISTINCT user_id)::int AS total,
              count(DISTINCT user_id) FILTER (WHERE occurred_at > $2::timestamptz)::int AS recent,
              count(DISTINCT user_id) FILTER (WHERE occurred_at <= $2::timestamptz)::int AS earlier
         FROM events
        WHERE type = 'purchase' AND occurred_at > $1::timestamptz
        GROUP BY item_id`,
      [new Date(startMs).toISOString(), new Date(middleMs).toISOString()],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      total: Number(r.total),
      recent: Number(r.recent),
      earlier: Number(r.earlier),
    }));
  }

  /** Distinct purchasers and baskets per item over all time (fallback ranking, co-purchase normalisation). */
  async allTimeCounts(): Promise<AllTimeCount[]> {
    const rows: { item_id: string; users: number; baskets: number }[] = await this.dataSource.query(
      `SELECT item_id::text AS item_id, count(DISTINCT user_id)::int AS users,
              count(DISTINCT coalesce(basket_id, 'event:' || id::text))::int AS baskets
         FROM events WHERE type = 'purchase' GROUP BY item_id`,
    );
    return rows.map((r) => ({ itemId: r.item_id, users: Number(r.users), baskets: Number(r.baskets) }));
  }

  /**
   * The user's purchases grouped by item; empty for an unknown user. One indexed query. The type
   * test sits in FILTER/HAVING rather than WHERE on purpose: with `type = 'purchase'` in WHERE and no
   * table statistics yet (right after a bulk import) the planner ANDs in the partial purchase index
   * and reads all of it, orders of magnitude slower on Online Retail; this way only
   * events_user_time_idx applies.
   */
  async userPurchases(userExternalId: string): Promise<PurchasedItem[]> {
    const rows: { item_id: string; orders: number; last_ms: number }[] = await this.dataSource.query(
      `SELECT e.item_id::text AS item_id,
              count(DISTINCT coalesce(e.basket_id, 'event:' || e.id::text)) FILTER (WHERE e.type = 'purchase')::int AS orders,
              (extract(epoch FROM max(e.occurred_at) FILTER (WHERE e.type = 'purchase')) * 1000)::float8 AS last_ms
         FROM events e
        WHERE e.user_id = (SELECT id FROM users WHERE external_id = $1)
        GROUP BY e.item_id
       HAVING count(*) FILTER (WHERE e.type = 'purchase') > 0`,
      [userExternalId],
    );
    return rows.map((r) => ({ itemId: r.item_id, orders: Number(r.orders), lastPurchasedMs: Number(r.last_ms) }));
  }

  /**
   * The user's latest purchase lines (newest first, at most `max`), basket key = basket_id or the event. One
   * query on events_user_time_idx; the type test is done here in JS for the planner reason given above.
   */
  /** The customer's RFM segment and lifecycle stage (null: unknown user or never computed). */
  async userSegment(userExternalId: string): Promise<SegmentMembership | null> {
    const rows: SegmentMembership[] = await this.dataSource.query(
      `SELECT s.segment, s.lifecycle, v.value_segment AS "valueSegment"
         FROM users u
         LEFT JOIN user_segments s ON s.user_id = u.id
         LEFT JOIN customer_values v ON v.user_id = u.id
        WHERE u.external_id = $1 AND (s.user_id IS NOT NULL OR v.user_id IS NOT NULL)`,
      [userExternalId],
    );
    return rows[0] ?? null;
  }

  async userPurchaseLines(userExternalId: string, max = 1000): Promise<PurchaseLine[]> {
    // Purchases only in SQL: the latest `max` events of any type could be all views and hide every purchase.
    const rows: { item_id: string; basket: string; ms: number }[] = await this.dataSource.query(
      `SELECT e.item_id::text AS item_id, coalesce(e.basket_id, 'event:' || e.id::text) AS basket,
              (extract(epoch FROM e.occurred_at) * 1000)::float8 AS ms
         FROM events e
        WHERE e.user_id = (SELECT id FROM users WHERE external_id = $1) AND e.type = 'purchase'
        ORDER BY e.occurred_at DESC
        LIMIT $2`,
      [userExternalId, max],
    );
    return rows.map((r) => ({ itemId: r.item_id, basket: r.basket, ms: Number(r.ms) }));
  }

  /**
   * Items bought in the same baskets as the seed, with the number of shared baskets, over the seed's
   * latest `basketSample` purchase lines: bounds the work for best-sellers (thousands of baskets)
   * and favours recent co-purchases. Also returns how many seed baskets were looked at.
   */
  async coPurchases(
    seedInternalId: string,
    max: number,
    basketSample = 500,
  ): Promise<{ seedBaskets: number; counts: CoPurchaseCount[] }> {
    const rows: { item_id: string; together: number; seed_baskets: number }[] = await this.dataSource.query(
      `WITH seed AS (
         SELECT DISTINCT basket_id FROM (
           SELECT basket_id FROM events
            WHERE item_id = $1::bigint AND type = 'purchase' AND basket_id IS NOT NULL
            ORDER BY occurred_at DESC LIMIT $3) latest)
       SELECT e.item_id::text AS item_id, count(DISTINCT e.basket_id)::int AS together,
              (SELECT count(*) FROM seed)::int AS seed_baskets
         FROM events e JOIN seed ON seed.basket_id = e.basket_id
        WHERE e.type = 'purchase' AND e.item_id <> $1::bigint
        GROUP BY e.item_id
        ORDER BY together DESC, e.item_id
        LIMIT $2`,
      [seedInternalId, max, basketSample],
    );
    return {
      seedBaskets: rows.length > 0 ? Number(rows[0].seed_baskets) : 0,
      counts: rows.map((r) => ({ itemId: r.item_id, together: Number(r.together) })),
    };
  }
}
