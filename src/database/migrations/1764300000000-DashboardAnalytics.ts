import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the dashboard's analytics read (src/analytics):
 * - serving_daily: served lists per UTC day and placement, counted in memory by each instance and added here
 *   in batches (requests and cache hits are not otherwise stored: /metrics counts since process start only).
 * - indexes that keep its searches and per-item queries bounded: customer and item id prefixes
 *   (text_pattern_ops, since LIKE 'x%' cannot use a collated btree), item title words (full-text, 'simple'
 *   configuration: catalog titles are not English prose), top customers by spend, an item's purchases over
 *   time, the exposures of a date range and the exposures that showed one item.
 */
export class DashboardAnalytics1764300000000 implements MigrationInterface {
  name = 'DashboardAnalytics1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS serving_daily (
        day date NOT NULL,
        placement text NOT NULL,
        requests bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
        -- Lists answered from the per-user cache.
        cache_hits bigint NOT NULL DEFAULT 0 CHECK (cache_hits >= 0),
        -- Items in the lists served (impressions of all traffic, experiment or not).
        items_served bigint NOT NULL DEFAULT 0 CHECK (items_served >= 0),
        PRIMARY KEY (day, placement)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS users_external_id_prefix_idx ON users (external_id text_pattern_ops)`);
    await q.query(`CREATE INDEX IF NOT EXISTS items_external_id_prefix_idx ON items (external_id text_pattern_ops)`);
    await q.query(`CREATE INDEX IF NOT EXISTS items_title_words_idx ON items USING gin (to_tsvector('simple', title))`);
    await q.query(`CREATE INDEX IF NOT EXISTS user_segments_monetary_idx ON user_segments (monetary DESC)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS events_item_purchase_time_idx ON events (item_id, occurred_at)
         INCLUDE (quantity, price, user_id, basket_id) WHERE type = 'purchase'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS experiment_exposures_served_idx ON experiment_exposures (served_at)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS experiment_exposures_items_idx ON experiment_exposures USING gin (item_ids)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS experiment_exposures_items_idx`);
    await q.query(`DROP INDEX IF EXISTS experiment_exposures_served_idx`);
    await q.query(`DROP INDEX IF EXISTS events_item_purchase_time_idx`);
    await q.query(`DROP INDEX IF EXISTS user_segments_monetary_idx`);
    await q.query(`DROP INDEX IF EXISTS items_title_words_idx`);
    await q.query(`DROP INDEX IF EXISTS items_external_id_prefix_idx`);
    await q.query(`DROP INDEX IF EXISTS users_external_id_prefix_idx`);
    await q.query(`DROP TABLE IF EXISTS serving_daily`);
  }
}
