import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Value segments beside each customer's predictions (src/ml/segments/value-segment.ts): the CLV tier, the
 * at-risk flag and the value segment weights, experiments and exports can target (indexed, like
 * user_segments.segment). Rows written before this migration get the defaults until the next training run.
 */
export class CustomerValueSegments1764530000000 implements MigrationInterface {
  name = 'CustomerValueSegments1764530000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_values
        ADD COLUMN IF NOT EXISTS value_tier text NOT NULL DEFAULT 'low' CHECK (value_tier IN ('high', 'medium', 'low')),
        ADD COLUMN IF NOT EXISTS at_risk boolean NOT NULL DEFAULT false,
        ADD COLUMN IF NOT EXISTS value_segment text`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS customer_values_value_segment_idx ON customer_values (value_segment)
        WHERE value_segment IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customer_values_value_segment_idx`);
    await q.query(`ALTER TABLE customer_values DROP COLUMN value_segment, DROP COLUMN at_risk, DROP COLUMN value_tier`);
  }
}
