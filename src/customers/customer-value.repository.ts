import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerOrders } from '../ml/customer-value/customer-orders.js';
import type { CustomerValuePrediction } from '../ml/customer-value/customer-value-model.js';
import type { ClvOptions } from '../ml/customer-value/customer-lifetime-value.js';
import type { ValueClass, ValueTier } from '../ml/segments/value-segment.js';

/** A prediction with its value segment, as the training job stores it. */
export type ClassifiedCustomerValue = CustomerValuePrediction & ValueClass;

/** Customers in one cell of the RFM segment × value tier × risk matrix. */
export interface ValueMatrixCell {
  segment: string;
  valueTier: ValueTier;
  atRisk: boolean;
  users: number;
}

/** One customer of a matrix cell, for the dashboard's list. */
export interface ValueCellMember {
  userId: string;
  clv: number;
  probabilityAlive: number;
  expectedPurchases: number;
  monetary: number;
  valueSegment: string | null;
}

export interface StoredCustomerValue {
  probabilityAlive: number;
  expectedPurchases: number;
  expectedOrderValue: number;
  clv: number;
  horizonDays: number;
  annualDiscountRate: number;
  valueTier: ValueTier;
  atRisk: boolean;
  valueSegment: string | null;
  referenceAt: Date;
  computedAt: Date;
}

/** Rows per INSERT … SELECT FROM unnest(…). */
const BATCH = 5_000;

/** All SQL of the customer-value feature (the training job's stage and the admin API). */
@Injectable()
export class CustomerValueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every customer's orders (a basket; purchases without a basket id that share a timestamp form one order),
   * oldest first, leaving out customers who refused personalisation.
   */
  async customerOrders(): Promise<CustomerOrders[]> {
    const rows: { userId: string; times: number[]; values: number[] }[] = await this.dataSource.query(
      `WITH orders AS (
         SELECT e.user_id, min(e.occurred_at) AS at, sum(e.quantity * coalesce(e.price, 0)) AS value
           FROM events e
          WHERE e.type = 'purchase'
          GROUP BY e.user_id, e.basket_id, CASE WHEN e.basket_id IS NULL THEN e.occurred_at END
       )
       SELECT u.external_id AS "userId",
              array_agg((extract(epoch FROM o.at) * 1000)::float8 ORDER BY o.at) AS times,
              array_agg(o.value::float8 ORDER BY o.at) AS values
         FROM orders o
         JOIN users u ON u.id = o.user_id
        WHERE NOT EXISTS (SELECT 1 FROM personalization_preferences p
                           WHERE p.user_id = u.external_id AND NOT p.personalized)
        GROUP BY u.external_id`,
    );
    return rows.map((r) => ({
      userId: r.userId,
      orders: r.times.map((ms, i) => ({ ms: Number(ms), value: Number(r.values[i]) })),
    }));
  }

  /** Replaces every stored prediction with this run's, atomically. */
  async replaceAll(predictions: readonly ClassifiedCustomerValue[], clv: ClvOptions, referenceAt: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM customer_values`);
      for (let i = 0; i < predictions.length; i += BATCH) {
        const batch = predictions.slice(i, i + BATCH);
        await m.query(
          `INSERT INTO customer_values (user_id, probability_alive, expected_purchases, expected_order_value, clv,
                                        horizon_days, annual_discount_rate, reference_at, value_tier, at_risk,
                                        value_segment)
           SELECT u.id, p.alive, p.purchases, p.value, p.clv, $6, $7, $8, p.tier, p.at_risk, p.segment
             FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $9::text[],
                         $10::boolean[], $11::text[])
                  AS p(user_id, alive, purchases, value, clv, tier, at_risk, segment)
             JOIN users u ON u.external_id = p.user_id`,
          [
            batch.map((p) => p.userId),
            batch.map((p) => p.probabilityAlive),
            batch.map((p) => p.expectedPurchases),
            batch.map((p) => p.expectedOrderValue),
            batch.map((p) => p.clv),
            clv.horizonDays,
            clv.annualDiscountRate,
            referenceAt.toISOString(),
            batch.map((p) => p.valueTier),
            batch.map((p) => p.atRisk),
            batch.map((p) => p.valueSegment),
          ],
        );
      }
    });
  }

  async find(externalUserId: string): Promise<StoredCustomerValue | null> {
    const [row]: (Omit<StoredCustomerValue, 'referenceAt' | 'computedAt'> & {
      referenceAt: string | Date;
      computedAt: string | Date;
    })[] = await this.dataSource.query(
      `SELECT v.probability_alive AS "probabilityAlive", v.expected_purchases AS "expectedPurchases",
              v.expected_order_value AS "expectedOrderValue", v.clv, v.horizon_days AS "horizonDays",
              v.annual_discount_rate AS "annualDiscountRate", v.value_tier AS "valueTier", v.at_risk AS "atRisk",
              v.value_segment AS "valueSegment", v.reference_at AS "referenceAt",
              v.computed_at AS "computedAt"
         FROM customer_values v JOIN users u ON u.id = v.user_id
        WHERE u.external_id = $1`,
      [externalUserId],
    );
    return row ? { ...row, referenceAt: new Date(row.referenceAt), computedAt: new Date(row.computedAt) } : null;
  }

  /**
   * Customers per RFM segment × value tier × at-risk flag (non-empty cells only). Customers need both rows: a
   * segment (user_segments) and a prediction (customer_values).
   */
  async matrix(): Promise<ValueMatrixCell[]> {
    const rows: ValueMatrixCell[] = await this.dataSource.query(
      `SELECT s.segment, v.value_tier AS "valueTier", v.at_risk AS "atRisk", count(*)::int AS users
         FROM customer_values v JOIN user_segments s ON s.user_id = v.user_id
        GROUP BY s.segment, v.value_tier, v.at_risk`,
    );
    return rows.map((r) => ({ ...r, users: Number(r.users) }));
  }

  /** The customers of one matrix cell, highest predicted CLV first, and how many the cell holds. */
  async cellMembers(
    cell: Omit<ValueMatrixCell, 'users'>,
    limit: number,
  ): Promise<{ total: number; members: ValueCellMember[] }> {
    const where = `FROM customer_values v JOIN user_segments s ON s.user_id = v.user_id JOIN users u ON u.id = v.user_id
                   WHERE s.segment = $1 AND v.value_tier = $2 AND v.at_risk = $3`;
    const params = [cell.segment, cell.valueTier, cell.atRisk];
    const [count]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n ${where}`, params);
    const members: ValueCellMember[] = await this.dataSource.query(
      `SELECT u.external_id AS "userId", v.clv, v.probability_alive AS "probabilityAlive",
              v.expected_purchases AS "expectedPurchases", s.monetary::float8 AS monetary,
              v.value_segment AS "valueSegment"
         ${where}
        ORDER BY v.clv DESC, u.external_id
        LIMIT $4`,
      [...params, limit],
    );
    return { total: Number(count.n), members };
  }
}
