import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExportCustomer {
  /** users.id, the paging key. */
  internalId: string;
  userId: string;
}

export interface CustomerProfileRow extends ExportCustomer {
  segment: string | null;
  lifecycle: string | null;
  recencyDays: number | null;
  frequency: number | null;
  monetary: number | null;
  probabilityAlive: number | null;
  expectedPurchases: number | null;
  expectedOrderValue: number | null;
  clv: number | null;
  valueHorizonDays: number | null;
  valueTier: string | null;
  atRisk: boolean | null;
  valueSegment: string | null;
}

// The customers an export covers: users with a purchase who did not refuse personalisation, optionally those in
// an RFM segment, lifecycle stage or value segment. $1 = after users.id, $2 = page size, $3 = segment or null.
const CUSTOMERS = `
  FROM users u
  LEFT JOIN user_segments s ON s.user_id = u.id
  LEFT JOIN customer_values v ON v.user_id = u.id
 WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id AND e.type = 'purchase')
   AND NOT EXISTS (SELECT 1 FROM personalization_preferences p WHERE p.user_id = u.external_id AND NOT p.personalized)
   AND ($3::text IS NULL OR s.segment = $3 OR s.lifecycle = $3 OR v.value_segment = $3)`;

/** All SQL of `tailor export`: customers a page at a time (keyset on users.id), so memory does not grow with them. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countCustomers(segment: string | null): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n ${CUSTOMERS.replaceAll('$3', '$1')}`,
      [segment],
    );
    return row.n;
  }

  async customerPage(afterId: string, limit: number, segment: string | null): Promise<ExportCustomer[]> {
    return this.dataSource.query(
      `SELECT u.id::text AS "internalId", u.external_id AS "userId" ${CUSTOMERS}
          AND u.id > $1::bigint ORDER BY u.id LIMIT $2`,
      [afterId, limit, segment],
    );
  }

  async profilePage(afterId: string, limit: number, segment: string | null): Promise<CustomerProfileRow[]> {
    return this.dataSource.query(
      `SELECT u.id::text AS "internalId", u.external_id AS "userId", s.segment, s.lifecycle,
              s.recency_days AS "recencyDays", s.frequency, s.monetary::float8 AS monetary,
              v.probability_alive AS "probabilityAlive", v.expected_purchases AS "expectedPurchases",
              v.expected_order_value AS "expectedOrderValue", v.clv, v.horizon_days AS "valueHorizonDays",
              v.value_tier AS "valueTier", v.at_risk AS "atRisk", v.value_segment AS "valueSegment"
         ${CUSTOMERS}
          AND u.id > $1::bigint ORDER BY u.id LIMIT $2`,
      [afterId, limit, segment],
    );
  }
}
