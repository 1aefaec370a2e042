import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's right to refuse personalisation (src/personalization, docs/privacy.md):
 * - personalization_preferences: the current switch per external user id (a customer may refuse before any
 *   event, so it is not keyed by users.id), with when and through what it was last set;
 * - personalization_preference_changes: every change, append-only, so what was in force at a given time can be
 *   shown. Both are deleted by forgetUser (an eraser), like every other row about the customer.
 */
export class PersonalizationPreferences1764500000000 implements MigrationInterface {
  name = 'PersonalizationPreferences1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS personalization_preferences (
        user_id text PRIMARY KEY,
        personalized boolean NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL
      )`);
    // Audiences and exports list the opted-out customers in one scan.
    await q.query(
      `CREATE INDEX IF NOT EXISTS personalization_preferences_opted_out_idx
         ON personalization_preferences (user_id) WHERE NOT personalized`,
    );
    await q.query(`
      CREATE TABLE IF NOT EXISTS personalization_preference_changes (
        id bigserial PRIMARY KEY,
        user_id text NOT NULL,
        personalized boolean NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL,
        -- The API key or token subject (a digest, never a secret) that made the change; 'cli' from the CLI.
        changed_by text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS personalization_preference_changes_user_idx
         ON personalization_preference_changes (user_id, changed_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS personalization_preference_changes`);
    await q.query(`DROP TABLE IF EXISTS personalization_preferences`);
  }
}
