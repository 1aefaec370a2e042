import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serving reads a user's latest purchase lines on every uncached request. The (user_id, occurred_at) index
 * also holds views, clicks and carts, so the purchase filter had to visit and discard them; this partial index
 * holds purchases only, with the columns the query returns (an index-only scan once vacuumed).
 */
export class PurchaseLinesByUser1764100000000 implements MigrationInterface {
  name = 'PurchaseLinesByUser1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS events_user_purchase_time_idx ON events (user_id, occurred_at DESC)
         INCLUDE (item_id, basket_id, id) WHERE type = 'purchase'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_user_purchase_time_idx`);
  }
}
