import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LifecycleStage } from '../ml/segments/lifecycle.js';
import { isRfmCutPoints, type RfmCutPoints, type RfmScore } from '../ml/segments/rfm.js';

// All SQL of the segments feature. Raw SQL with explicit casts (::int, ::float8, ::text) so that
// PostgreSQL (pg returns bigint/numeric as strings) and PGlite (numbers) give the same shapes.

/** Settings key of the cut points of the last full computation (used to score single users). */
export const RFM_CUTPOINTS_SETTING = 'segments.rfm_cutpoints';

/** One user's purchases, reduced to what RFM and the lifecycle need. */
export interface PurchaseAggregate {
  /** users.id (bigint as text). */
  internalId: string;
  /** users.external_id. */
  userId: string;
  /** Epoch ms of each order (a basket; purchases without a basket id are grouped by timestamp), ascending. */
  orderTimes: number[];
  /** Purchase events (order lines). */
  purchaseLines: number;
  /** Sum of quantity × price (a missing price counts 0). */
  monetary: number;
}

export interface UserSegmentRow {
  internalId: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  rfmCode: string;
  segment: string;
  lifecycle: LifecycleStage;
  purchaseCount: number;
  firstPurchaseAt: Date;
  lastPurchaseAt: Date;
  nextPurchaseFrom: Date | null;
  nextPurchaseTo: Date | null;
  referenceAt: Date;
}

export interface StoredUserSegment extends UserSegmentRow {
  computedAt: Date;
}

export interface StoredCutPoints extends RfmCutPoints {
  /** The data's reference time of the full computation (ISO). */
  referenceAt: string;
}

export interface SegmentCounts {
  segments: { name: string; users: number }[];
  lifecycle: { name: string; users: number }[];
  value: { name: string; users: number }[];
}

/** Rows per INSERT … SELECT FROM unnest(…): 17 array parameters, whatever the batch size. */
const UPSERT_BATCH = 5_000;

const toIso = (d: Date | null) => (d === null ? null : d.toISOString());

@Injectable()
export class SegmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The data's "now": the newest purchase, or null when there is none. */
  async latestPurchaseAt(): Promise<Date | null> {
    const [row]: { t: Date | string | null }[] = await this.dataSource.query(
      `SELECT max(occurred_at) AS t FROM events WHERE type = 'purchase'`,
    );
    return row?.t ? new Date(row.t) : null;
  }

  /**
   * Upper bound (inclusive) of the next page of users after `afterId`, in id order, or null when
   * no user follows. Pages keep one aggregate query's memory bounded on large user tables.
   */
  async userPageEnd(afterId: string, pageSize: number): Promise<string | null> {
    const [row]: { id: string | null }[] = await this.dataSource.query(
      `SELECT max(id)::text AS id FROM (SELECT id FROM users WHERE id > $1::bigint ORDER BY id LIMIT $2) page`,
      [afterId, pageSize],
    );
    return row?.id ?? null;
  }

  /**
   * Per-user purchase aggregates for users with afterId < users.id ≤ upToId, counting purchases
   * up to `until` (inclusive). An order is a basket; purchases without a basket id that share a
   * timestamp form one order. Users without purchases, and users who refused personalisation, are absent.
   */
  async purchaseAggregates(afterId: string, upToId: string, until: Date): Promise<PurchaseAggregate[]> {
    const rows: { internalId: string; userId: string; lines: number; monetary: number; times: number[] }[] =
      await this.dataSource.query(
        `WITH orders AS (
           SELECT e.user_id,
                  min(e.occurred_at) AS at,
                  sum(e.quantity * coalesce(e.price, 0)) AS spend,
                  count(*) AS lines
             FROM events e
            WHERE e.type = 'purchase'
              AND e.user_id > $1::bigint AND e.user_id <= $2::bigint
              AND e.occurred_at <= $3::timestamptz
            GROUP BY e.user_id, e.basket_id, CASE WHEN e.basket_id IS NULL THEN e.occurred_at END
         )
         SELECT o.user_id::text AS "internalId",
                u.external_id AS "userId",
                sum(o.lines)::int AS lines,
                sum(o.spend)::float8 AS monetary,
                array_agg((extract(epoch FROM o.at) * 1000)::float8 ORDER BY o.at) AS times
           FROM orders o
           JOIN users u ON u.id = o.user_id
          -- A customer who refused personalisation gets no computed profile (src/personalization).
          WHERE NOT EXISTS (SELECT 1 FROM personalization_preferences p
                             WHERE p.user_id = u.external_id AND NOT p.personalized)
          GROUP BY o.user_id, u.external_id
          ORDER BY o.user_id`,
        [afterId, upToId, until.toISOString()],
      );
    return rows.map((r) => ({
      internalId: r.internalId,
      userId: r.userId,
      orderTimes: r.times.map(Number),
      purchaseLines: Number(r.lines),
      monetary: Number(r.monetary),
    }));
  }

  async findInternalUserId(externalId: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT id::text AS id FROM users WHERE external_id = $1`,
      [externalId],
    );
    return row?.id ?? null;
  }

  /**
   * Replaces the whole table with a full computation, atomically: upserts every row, removes the
   * rows of users the computation did not cover (no purchases up to the reference time) and
   * stores the cut points used to score single users until the next full computation (null, when
   * nobody has purchased, removes them).
   */
  async replaceAll(rows: readonly UserSegmentRow[], cutPoints: StoredCutPoints | null): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (let i = 0; i < rows.length; i += UPSERT_BATCH) await this.upsert(m, rows.slice(i, i + UPSERT_BATCH));
      // now() is the transaction's start, so this keeps exactly the rows written above (and any a
      // concurrent single-user refresh committed after that start).
      await m.query(`DELETE FROM user_segments WHERE computed_at < now()`);
      if (cutPoints === null) {
        await m.query(`DELETE FROM settings WHERE key = $1`, [RFM_CUTPOINTS_SETTING]);
        return;
      }
      await m.query(
        `INSERT INTO settings (key, value, updated_by, comment)
         VALUES ($1, $2::jsonb, 'segments', 'RFM cut points of the last full segment computation (derived)')
         ON CONFLICT (key) DO UPDATE
           SET value = EXCLUDED.value, version = settings.version + 1, updated_at = now(),
               updated_by = EXCLUDED.updated_by, comment = EXCLUDED.comment`,
        [RFM_CUTPOINTS_SETTING, JSON.stringify(cutPoints)],
      );
    });
  }

  async upsertOne(row: UserSegmentRow): Promise<void> {
    await this.upsert(this.dataSource.manager, [row]);
  }

  async deleteForUser(internalId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM user_segments WHERE user_id = $1::bigint`, [internalId]);
  }

  async loadCutPoints(): Promise<StoredCutPoints | null> {
    const [row]: { value: unknown }[] = await this.dataSource.query(`SELECT value FROM settings WHERE key = $1`, [
      RFM_CUTPOINTS_SETTING,
    ]);
    if (!row) return null;
    const value: unknown = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    if (!isRfmCutPoints(value) || typeof (value as { referenceAt?: unknown }).referenceAt !== 'string') return null;
    return value as StoredCutPoints;
  }

  /** Users per RFM segment, lifecycle stage and value segment (only non-empty groups). */
  async counts(): Promise<SegmentCounts> {
    const rows: { kind: 'segment' | 'lifecycle' | 'value'; name: string; users: number }[] =
      await this.dataSource.query(
        `SELECT 'segment' AS kind, segment AS name, count(*)::int AS users FROM user_segments GROUP BY segment
       UNION ALL
       SELECT 'lifecycle' AS kind, lifecycle AS name, count(*)::int AS users FROM user_segments GROUP BY lifecycle
       UNION ALL
       SELECT 'value' AS kind, value_segment AS name, count(*)::int AS users FROM customer_values
        WHERE value_segment IS NOT NULL GROUP BY value_segment`,
      );
    const pick = (kind: string) =>
      rows.filter((r) => r.kind === kind).map((r) => ({ name: r.name, users: Number(r.users) }));
    return { segments: pick('segment'), lifecycle: pick('lifecycle'), value: pick('value') };
  }

  /** External ids of the customers in an RFM segment, lifecycle stage or value segment (all three indexed). */
  async membersOf(target: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT u.external_id AS id FROM user_segments s JOIN users u ON u.id = s.user_id
        WHERE s.segment = $1 OR s.lifecycle = $1
       UNION
       SELECT u.external_id AS id FROM customer_values v JOIN users u ON u.id = v.user_id
        WHERE v.value_segment = $1`,
      [target],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One user's stored row: `undefined` when the user is unknown, `null` when the user exists but
   * has no segment row (no purchases yet, or not computed yet).
   */
  async findByExternalId(externalId: string): Promise<StoredUserSegment | null | undefined> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT u.id::text AS "internalId", s.user_id IS NOT NULL AS "hasRow",
              s.recency_days AS "recencyDays", s.frequency, s.monetary::float8 AS monetary,
              s.r_score AS r, s.f_score AS f, s.m_score AS m, s.rfm_code AS "rfmCode", s.segment, s.lifecycle,
              s.purchase_count AS "purchaseCount", s.first_purchase_at AS "firstPurchaseAt",
              s.last_purchase_at AS "lastPurchaseAt", s.next_purchase_from AS "nextPurchaseFrom",
              s.next_purchase_to AS "nextPurchaseTo", s.reference_at AS "referenceAt", s.computed_at AS "computedAt"
         FROM users u LEFT JOIN user_segments s ON s.user_id = u.id
        WHERE u.external_id = $1`,
      [externalId],
    );
    const r = rows[0];
    if (!r) return undefined;
    if (!r.hasRow) return null;
    const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
    return {
      internalId: String(r.internalId),
      recencyDays: Number(r.recencyDays),
      frequency: Number(r.frequency),
      monetary: Number(r.monetary),
      r: Number(r.r) as RfmScore,
      f: Number(r.f) as RfmScore,
      m: Number(r.m) as RfmScore,
      rfmCode: String(r.rfmCode),
      segment: String(r.segment),
      lifecycle: r.lifecycle as LifecycleStage,
      purchaseCount: Number(r.purchaseCount),
      firstPurchaseAt: date(r.firstPurchaseAt)!,
      lastPurchaseAt: date(r.lastPurchaseAt)!,
      nextPurchaseFrom: date(r.nextPurchaseFrom),
      nextPurchaseTo: date(r.nextPurchaseTo),
      referenceAt: date(r.referenceAt)!,
      computedAt: date(r.computedAt)!,
    };
  }

  private async upsert(m: EntityManager, rows: readonly UserSegmentRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: UserSegmentRow) => T) => rows.map(f);
    await m.query(
      `INSERT INTO user_segments (user_id, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_code,
                                  segment, lifecycle, purchase_count, first_purchase_at, last_purchase_at,
                                  next_purchase_from, next_purchase_to, reference_at, computed_at)
       SELECT t.*, now()
         FROM unnest($1::bigint[], $2::int[], $3::int[], $4::numeric[], $5::smallint[], $6::smallint[], $7::smallint[],
                     $8::text[], $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::timestamptz[],
                     $14::timestamptz[], $15::timestamptz[], $16::timestamptz[]) AS t
       ON CONFLICT (user_id) DO UPDATE SET
         recency_days = EXCLUDED.recency_days, frequency = EXCLUDED.frequency, monetary = EXCLUDED.monetary,
         r_score = EXCLUDED.r_score, f_score = EXCLUDED.f_score, m_score = EXCLUDED.m_score,
         rfm_code = EXCLUDED.rfm_code, segment = EXCLUDED.segment, lifecycle = EXCLUDED.lifecycle,
         purchase_count = EXCLUDED.purchase_count, first_purchase_at = EXCLUDED.first_purchase_at,
         last_purchase_at = EXCLUDED.last_purchase_at, next_purchase_from = EXCLUDED.next_purchase_from,
         next_purchase_to = EXCLUDED.next_purchase_to, reference_at = EXCLUDED.reference_at,
         computed_at = EXCLUDED.computed_at`,
      [
        col((r) => r.internalId),
        col((r) => r.recencyDays),
        col((r) => r.frequency),
        col((r) => String(r.monetary)),
        col((r) => r.r),
        col((r) => r.f),
        col((r) => r.m),
        col((r) => r.rfmCode),
        col((r) => r.segment),
        col((r) => r.lifecycle),
        col((r) => r.purchaseCount),
        col((r) => r.firstPurchaseAt.toISOString()),
        col((r) => r.lastPurchaseAt.toISOString()),
        col((r) => toIso(r.nextPurchaseFrom)),
        col((r) => toIso(r.nextPurchaseTo)),
        col((r) => r.referenceAt.toISOString()),
      ],
    );
  }
}
