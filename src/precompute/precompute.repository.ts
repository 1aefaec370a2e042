import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the precompute job reads: users active in a window and whether an experiment runs on a placement. */
@Injectable()
export class PrecomputeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * External ids of users with any event in the `days` before the newest event in the data — the
   * same "now" as popularity (docs/api.md), so historical demo data has active users. Most
   * recently active first.
   */
  async activeUsers(days: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT u.external_id AS id
         FROM events e JOIN users u ON u.id = e.user_id
        WHERE e.occurred_at >= (SELECT max(occurred_at) FROM events) - make_interval(days => $1)
        GROUP BY u.external_id
        ORDER BY max(e.occurred_at) DESC, u.external_id`,
      [days],
    );
    return rows.map((r) => r.id);
  }

  /** Whether an A/B test is running on the placement (its exposures must come from real traffic). */
  async experimentRunning(placement: string): Promise<boolean> {
    const [{ present }]: { present: boolean }[] = await this.dataSource.query(
      `SELECT to_regclass('experiments') IS NOT NULL AS present`,
    );
    if (!present) return false;
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM experiments WHERE status = 'running' AND placement = $1`,
      [placement],
    );
    return rows[0].n > 0;
  }
}
