import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A/B/n experiments on a placement: the experiment, its variants, and one exposure per served response. */
export class Experiments1763950000000 implements MigrationInterface {
  name = 'Experiments1763950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiments (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        placement text NOT NULL,
        -- A user_segments.segment or user_segments.lifecycle value; null = every user of the placement.
        segment text,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped', 'shipped')),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        stopped_at timestamptz,
        shipped_variant text,
        shipped_at timestamptz
      )`);
    // At most one running experiment per placement and target segment: a user must map to one variant.
    await q.query(
      `CREATE UNIQUE INDEX experiments_one_running_idx ON experiments (placement, coalesce(segment, '')) WHERE status = 'running'`,
    );
    await q.query(`
      CREATE TABLE experiment_variants (
        experiment_id bigint NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        name text NOT NULL,
        position integer NOT NULL,
        is_control boolean NOT NULL,
        traffic_share double precision NOT NULL CHECK (traffic_share > 0 AND traffic_share <= 1),
        -- Source → blend weight; null = the placement's own weights.
        weights jsonb,
        model_version text,
        PRIMARY KEY (experiment_id, name)
      )`);
    await q.query(`
      CREATE TABLE experiment_exposures (
        request_id text PRIMARY KEY,
        experiment_id bigint NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        variant text NOT NULL,
        -- External user id: unknown (cold-start) users are exposed too and may not be in users yet.
        user_id text NOT NULL,
        placement text NOT NULL,
        -- External ids of the items shown, in order: the impressions.
        item_ids text[] NOT NULL,
        served_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX experiment_exposures_experiment_idx ON experiment_exposures (experiment_id, variant, user_id)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE experiment_exposures`);
    await q.query(`DROP TABLE experiment_variants`);
    await q.query(`DROP TABLE experiments`);
  }
}
