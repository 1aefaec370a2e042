import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ErasureSubject, UserDataEraser } from '../privacy/user-data-eraser.js';

/**
 * The switch and its change log are rows about the customer like any other: forgetUser deletes them. The
 * storefront keeps honouring a refusal by sending it again if the customer comes back.
 */
@Injectable()
export class PersonalizationPreferencesEraser implements UserDataEraser {
  readonly erasureName = 'personalization-preferences';

  async eraseUser(tx: EntityManager, subject: ErasureSubject): Promise<number> {
    const [row]: { n: number }[] = await tx.query(
      `WITH p AS (DELETE FROM personalization_preferences WHERE user_id = $1 RETURNING 1),
            c AS (DELETE FROM personalization_preference_changes WHERE user_id = $1 RETURNING 1)
       SELECT (SELECT count(*) FROM p)::int + (SELECT count(*) FROM c)::int AS n`,
      [subject.externalId],
    );
    return Number(row?.n ?? 0);
  }
}
