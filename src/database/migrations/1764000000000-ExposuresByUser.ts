import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * forgetUser deletes a user's experiment exposures by external user id; without an index of its own that
 * delete scans the whole exposure log (the existing index leads with experiment_id).
 */
export class ExposuresByUser1764000000000 implements MigrationInterface {
  name = 'ExposuresByUser1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS experiment_exposures_user_idx ON experiment_exposures (user_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS experiment_exposures_user_idx`);
  }
}
