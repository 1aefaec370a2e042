import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ErasureSubject, UserDataEraser } from '../user-data-eraser.js';

/**
 * Experiment exposures (experiment_exposures.user_id holds the external id; cold-start users are
 * exposed too, so this runs whether or not the user has a users row). Assignments are not stored:
 * a variant is a hash of (experiment, user id). The table is looked up at run time, so this eraser
 * does not depend on the experiments feature being deployed.
 */
@Injectable()
export class ExperimentExposuresEraser implements UserDataEraser {
  readonly erasureName = 'experiment-exposures';

  async eraseUser(tx: EntityManager, subject: ErasureSubject): Promise<number> {
    const [table]: { present: boolean }[] = await tx.query(
      `SELECT to_regclass('experiment_exposures') IS NOT NULL AS present`,
    );
    if (!table?.present) return 0;
    const [row]: { n: number }[] = await tx.query(
      `WITH d AS (DELETE FROM experiment_exposures WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [subject.externalId],
    );
    return Number(row?.n ?? 0);
  }
}
