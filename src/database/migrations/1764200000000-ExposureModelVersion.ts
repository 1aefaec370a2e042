import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model version that actually served each exposure. A variant naming a version that cannot be loaded is
 * served by the active model (the request must not fail); without this column the report could not tell.
 * Null: served without a trained model (baseline), or logged before this migration.
 */
export class ExposureModelVersion1764200000000 implements MigrationInterface {
  name = 'ExposureModelVersion1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiment_exposures ADD COLUMN IF NOT EXISTS model_version text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiment_exposures DROP COLUMN IF EXISTS model_version`);
  }
}
