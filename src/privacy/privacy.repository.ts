import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_TYPES } from '../database/entities/event.entity.js';
import type { ErasureSubject, UserDataEraser } from './user-data-eraser.js';

export interface ErasureCounts {
  /** Whether the users row existed. */
  userRow: boolean;
  events: number;
  /** user_segments rows (0 or 1). */
  segments: number;
  /** Rows deleted by each registered eraser, by name. */
  erased: { name: string; rows: number }[];
}

export interface PruneCounts {
  events: number;
  /** Users left without any event whose last activity is older than the cutoff (their segments go with them). */
  users: number;
}

/** Rows per DELETE statement when pruning, so one sweep never holds long locks on a big table. */
export const PRUNE_BATCH = 10_000;

// Raw SQL with explicit casts so PostgreSQL (strings for bigint) and PGlite (numbers) behave the same.
const countDeleted = async (m: EntityManager, sql: string, params: unknown[]): Promise<number> => {
  const [row]: { n: number }[] = await m.query(
    `WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`,
    params,
  );
  return Number(row?.n ?? 0);
};

/** The SQL of forgetting users and of event retention. */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deletes everything stored about one user in one transaction: the registered erasers' rows, the
   * events, the segment row and the users row (events and user_segments would also cascade from it;
   * they are deleted explicitly to count them). The users row is locked first, so a concurrent
   * event for this user waits and then creates a new, empty user.
   */
  async eraseUser(externalId: string, erasers: readonly UserDataEraser[]): Promise<ErasureCounts> {
    return this.dataSource.transaction(async (m) => {
      const [user]: { id: string }[] = await m.query(
        `SELECT id::text AS id FROM users WHERE external_id = $1 FOR UPDATE`,
        [externalId],
      );
      const subject: ErasureSubject = { externalId, internalId: user?.id ?? null };
      const erased: ErasureCounts['erased'] = [];
      for (const eraser of erasers) erased.push({ name: eraser.erasureName, rows: await eraser.eraseUser(m, subject) });
      if (!user) return { userRow: false, events: 0, segments: 0, erased };
      const events = await countDeleted(m, `DELETE FROM events WHERE user_id = $1::bigint`, [user.id]);
      const segments = await countDeleted(m, `DELETE FROM user_segments WHERE user_id = $1::bigint`, [user.id]);
      await m.query(`DELETE FROM users WHERE id = $1::bigint`, [user.id]);
      return { userRow: true, events, segments, erased };
    });
  }

  /** Events (of every type) that occurred before `cutoff`. */
  async countEventsBefore(cutoff: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE type = ANY($1::text[]) AND occurred_at < $2::timestamptz`,
      [EVENT_TYPES, cutoff.toISOString()],
    );
    return Number(row.n);
  }

  /**
   * Deletes events that occurred before `cutoff` in batches of `batch` rows (each its own statement),
   * then the users left without events whose last activity is before the cutoff.
   */
  async pruneBefore(cutoff: Date, batch = PRUNE_BATCH): Promise<PruneCounts> {
    let events = 0;
    for (;;) {
      // `type = ANY(all types)` lets PostgreSQL use events_type_time_idx (type, occurred_at) for the range.
      const n = await countDeleted(
        this.dataSource.manager,
        `DELETE FROM events WHERE id IN (
           SELECT id FROM events WHERE type = ANY($1::text[]) AND occurred_at < $2::timestamptz LIMIT $3)`,
        [EVENT_TYPES, cutoff.toISOString(), batch],
      );
      events += n;
      if (n < batch) break;
    }
    const users = await countDeleted(
      this.dataSource.manager,
      `DELETE FROM users u WHERE u.last_seen_at < $1::timestamptz
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id)`,
      [cutoff.toISOString()],
    );
    return { events, users };
  }
}
