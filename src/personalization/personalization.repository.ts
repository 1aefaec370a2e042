import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A customer's switch as stored; absent means never set (personalised). */
export interface StoredPreference {
  userId: string;
  personalized: boolean;
  changedAt: Date;
  source: string;
}

export interface PreferenceChange {
  userId: string;
  personalized: boolean;
  source: string;
  changedBy: string;
}

/** All SQL of the personalisation switch. */
@Injectable()
export class PersonalizationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<StoredPreference | null> {
    const [row]: { personalized: boolean; changedAt: Date | string; source: string }[] = await this.dataSource.query(
      `SELECT personalized, changed_at AS "changedAt", source FROM personalization_preferences WHERE user_id = $1`,
      [userId],
    );
    return row
      ? { userId, personalized: row.personalized, changedAt: new Date(row.changedAt), source: row.source }
      : null;
  }

  /** Whether the customer has refused personalisation: one primary-key lookup, made on every list request. */
  async isOptedOut(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM personalization_preferences WHERE user_id = $1 AND NOT personalized`,
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * Sets the switch and appends the change to the log, in one transaction; an opt-out also deletes the
   * customer's computed profile (segment row), which the segment computation no longer produces for them.
   * A call that does not change the switch records nothing and returns the stored preference unchanged.
   */
  async set(change: PreferenceChange): Promise<{ preference: StoredPreference | null; changed: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const [current]: { personalized: boolean; changedAt: Date | string; source: string }[] = await m.query(
        `SELECT personalized, changed_at AS "changedAt", source FROM personalization_preferences
          WHERE user_id = $1 FOR UPDATE`,
        [change.userId],
      );
      // No row is the default (personalised): recording "personalised" for a customer who never refused is a no-op.
      const currentlyPersonalized = current ? current.personalized : true;
      if (currentlyPersonalized === change.personalized) {
        const preference = current
          ? {
              userId: change.userId,
              personalized: current.personalized,
              changedAt: new Date(current.changedAt),
              source: current.source,
            }
          : null;
        return { preference, changed: false };
      }
      const [row]: { changedAt: Date | string }[] = await m.query(
        `INSERT INTO personalization_preferences (user_id, personalized, changed_at, source)
         VALUES ($1, $2, now(), $3)
         ON CONFLICT (user_id) DO UPDATE SET personalized = EXCLUDED.personalized,
                changed_at = EXCLUDED.changed_at, source = EXCLUDED.source
         RETURNING changed_at AS "changedAt"`,
        [change.userId, change.personalized, change.source],
      );
      await m.query(
        `INSERT INTO personalization_preference_changes (user_id, personalized, changed_at, source, changed_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [change.userId, change.personalized, row.changedAt, change.source, change.changedBy],
      );
      if (!change.personalized) {
        // No computed profile for them: neither the segment row nor the value prediction and its segment.
        await m.query(`DELETE FROM user_segments WHERE user_id = (SELECT id FROM users WHERE external_id = $1)`, [
          change.userId,
        ]);
        await m.query(`DELETE FROM customer_values WHERE user_id = (SELECT id FROM users WHERE external_id = $1)`, [
          change.userId,
        ]);
      }
      return {
        preference: {
          userId: change.userId,
          personalized: change.personalized,
          changedAt: new Date(row.changedAt),
          source: change.source,
        },
        changed: true,
      };
    });
  }

  /** The log of changes for one customer, oldest first. */
  async history(userId: string): Promise<(PreferenceChange & { changedAt: Date })[]> {
    const rows: { personalized: boolean; changedAt: Date | string; source: string; changedBy: string }[] =
      await this.dataSource.query(
        `SELECT personalized, changed_at AS "changedAt", source, changed_by AS "changedBy"
           FROM personalization_preference_changes WHERE user_id = $1 ORDER BY changed_at, id`,
        [userId],
      );
    return rows.map((r) => ({ userId, ...r, changedAt: new Date(r.changedAt) }));
  }
}
