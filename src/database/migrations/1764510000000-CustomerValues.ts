import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-customer predictions of the customer-value model (BG/NBD + Gamma–Gamma, src/ml/customer-value), replaced
 * by every training run: P(alive), expected orders and their value over `horizon_days`, discounted CLV.
 * Deleted with the user (cascade), and never written for a customer who refused personalisation.
 */
export class CustomerValues1764510000000 implements MigrationInterface {
  name = 'CustomerValues1764510000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS customer_values (
        user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        probability_alive float8 NOT NULL CHECK (probability_alive BETWEEN 0 AND 1),
        expected_purchases float8 NOT NULL CHECK (expected_purchases >= 0),
        expected_order_value float8 NOT NULL,
        clv float8 NOT NULL,
        horizon_days int NOT NULL CHECK (horizon_days > 0),
        annual_discount_rate float8 NOT NULL,
        -- The data's "now" of the fit (newest purchase) and when the row was written.
        reference_at timestamptz NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS customer_values_clv_idx ON customer_values (clv DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS customer_values`);
  }
}
