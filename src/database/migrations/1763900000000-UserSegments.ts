import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-user RFM scores, RFM segment and lifecycle stage, written by the segments service. */
export class UserSegments1763900000000 implements MigrationInterface {
  name = 'UserSegments1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_segments (
        user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        recency_days integer NOT NULL CHECK (recency_days >= 0),
        frequency integer NOT NULL CHECK (frequency >= 1),
        monetary numeric NOT NULL,
        r_score smallint NOT NULL CHECK (r_score BETWEEN 1 AND 5),
        f_score smallint NOT NULL CHECK (f_score BETWEEN 1 AND 5),
        m_score smallint NOT NULL CHECK (m_score BETWEEN 1 AND 5),
        rfm_code text NOT NULL,
        segment text NOT NULL,
        lifecycle text NOT NULL CHECK (lifecycle IN ('new', 'active', 'at-risk', 'lapsed')),
        purchase_count integer NOT NULL,
        first_purchase_at timestamptz NOT NULL,
        last_purchase_at timestamptz NOT NULL,
        next_purchase_from timestamptz,
        next_purchase_to timestamptz,
        -- The data's reference time the row was computed against (recency and lifecycle are relative to it).
        reference_at timestamptz NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Segment sizes and targeting a segment or a lifecycle stage.
    await q.query(`CREATE INDEX user_segments_segment_idx ON user_segments (segment)`);
    await q.query(`CREATE INDEX user_segments_lifecycle_idx ON user_segments (lifecycle)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_segments`);
  }
}
