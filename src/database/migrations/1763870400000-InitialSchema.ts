import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763870400000 implements MigrationInterface {
  name = 'InitialSchema1763870400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE items (
        id bigserial PRIMARY KEY,
        external_id text NOT NULL UNIQUE,
        title text NOT NULL,
        description text,
        categories text[] NOT NULL DEFAULT '{}',
        price numeric(14,4),
        attributes jsonb NOT NULL DEFAULT '{}',
        available boolean NOT NULL DEFAULT true,
        is_placeholder boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX items_available_idx ON items (available) WHERE available`);
    await q.query(`CREATE INDEX items_categories_idx ON items USING gin (categories)`);

    await q.query(`
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        external_id text NOT NULL UNIQUE,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('view', 'click', 'add_to_cart', 'purchase')),
        quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
        price numeric(14,4),
        basket_id text,
        occurred_at timestamptz NOT NULL,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A user's history (buy again, exclude purchased, sequence input), newest first.
    await q.query(`CREATE INDEX events_user_time_idx ON events (user_id, occurred_at DESC)`);
    // Popularity / trending over a recent window.
    await q.query(`CREATE INDEX events_type_time_idx ON events (type, occurred_at DESC) INCLUDE (item_id, quantity)`);
    // Co-purchase: items in the same basket.
    await q.query(`CREATE INDEX events_item_basket_idx ON events (item_id, basket_id) WHERE type = 'purchase'`);
    await q.query(`CREATE INDEX events_basket_idx ON events (basket_id) INCLUDE (item_id) WHERE type = 'purchase'`);
    await q.query(`CREATE INDEX events_request_idx ON events (request_id) WHERE request_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE model_versions (
        id text PRIMARY KEY,
        status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'active', 'retired', 'failed')),
        artifact_path text NOT NULL,
        manifest jsonb NOT NULL,
        metrics jsonb NOT NULL DEFAULT '{}',
        primary_metric double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz
      )`);
    // At most one active version at a time.
    await q.query(
      `CREATE UNIQUE INDEX model_versions_one_active_idx ON model_versions ((true)) WHERE status = 'active'`,
    );

    await q.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        comment text
      )`);
    await q.query(`
      CREATE TABLE setting_history (
        key text NOT NULL,
        version integer NOT NULL,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text,
        comment text,
        PRIMARY KEY (key, version)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE setting_history`);
    await q.query(`DROP TABLE settings`);
    await q.query(`DROP TABLE model_versions`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE items`);
  }
}
