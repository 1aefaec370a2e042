// The batch writer: all SQL of the importer. One dedicated connection, multi-row statements built
// from `unnest($1::text[], ...)` (one round trip per batch, same SQL on pg and PGlite).
// Ids are cast to text so pg (strings) and PGlite (numbers) give the same JS types.
import type { DataSource, QueryRunner } from 'typeorm';
import type { EventType } from '../database/entities/event.entity.js';
import type { GenericItem } from './generic-csv-row.js';

export interface UserUpsert {
  externalId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface RetailItemUpsert {
  externalId: string;
  title: string;
  price: number | null;
}

/** Column arrays of one batch of events (ids already resolved). */
export class EventBatch {
  readonly keys: string[] = [];
  readonly userIds: string[] = [];
  readonly itemIds: string[] = [];
  readonly types: EventType[] = [];
  readonly quantities: number[] = [];
  readonly prices: (number | null)[] = [];
  readonly basketIds: (string | null)[] = [];
  /** Unix seconds: numbers cost far less to serialise than ISO strings. */
  readonly occurredAt: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  add(
    key: string,
    userId: string,
    itemId: string,
    type: EventType,
    quantity: number,
    price: number | null,
    basketId: string | null,
    occurredAt: Date,
  ): void {
    this.keys.push(key);
    this.userIds.push(userId);
    this.itemIds.push(itemId);
    this.types.push(type);
    this.quantities.push(quantity);
    this.prices.push(price);
    this.basketIds.push(basketId);
    this.occurredAt.push(occurredAt.getTime() / 1000);
  }
}

type IdRow = { id: string; external_id: string };
const toMap = (rows: IdRow[]) => new Map(rows.map((r) => [r.external_id, r.id]));

export class ImportRepository {
  private constructor(private readonly qr: QueryRunner) {}

  /** Takes one connection from the data source for the whole import. */
  static async open(dataSource: DataSource): Promise<ImportRepository> {
    const qr = dataSource.createQueryRunner();
    await qr.connect();
    // Each batch is its own transaction and the import is idempotent, so a crash can at most lose
    // the last batches, which the next run re-imports: no need to wait for the WAL flush per batch.
    await qr.query(`SET synchronous_commit TO off`);
    return new ImportRepository(qr);
  }

  /** Default number of parallel event writers: PGlite runs one query at a time anyway. */
  static defaultWriters(dataSource: DataSource): number {
    return 'driver' in dataSource.options && dataSource.options.driver ? 1 : 2;
  }

  async close(): Promise<void> {
    await this.qr.release();
  }

  async isEventsTableEmpty(): Promise<boolean> {
    const rows: { has: boolean }[] = await this.qr.query(`SELECT EXISTS (SELECT 1 FROM events) AS has`);
    return !rows[0].has;
  }

  async begin(): Promise<void> {
    await this.qr.startTransaction();
  }

  async commit(): Promise<void> {
    await this.qr.commitTransaction();
  }

  async rollback(): Promise<void> {
    if (this.qr.isTransactionActive) await this.qr.rollbackTransaction();
  }

  /**
   * Bulk-load preparation (call inside a transaction): drops the events table's foreign keys and
   * its non-unique indexes, and returns the statements that recreate them as they were. Read from
   * the catalog, so indexes added by later migrations are handled too. The primary key and the
   * unique event_key index stay: the idempotent insert needs them.
   */
  async suspendEventConstraints(): Promise<string[]> {
    const fks: { name: string; def: string }[] = await this.qr.query(
      `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'f' ORDER BY conname`,
    );
    const indexes: { name: string; def: string }[] = await this.qr.query(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       WHERE i.indrelid = 'events'::regclass AND NOT i.indisprimary AND NOT i.indisunique
       ORDER BY 1`,
    );
    for (const fk of fks) await this.qr.query(`ALTER TABLE events DROP CONSTRAINT ${fk.name}`);
    for (const ix of indexes) await this.qr.query(`DROP INDEX ${ix.name}`);
    return [
      ...indexes.map((ix) => ix.def),
      ...fks.map((fk) => `ALTER TABLE events ADD CONSTRAINT ${fk.name} ${fk.def}`),
    ];
  }

  async runStatements(statements: string[]): Promise<void> {
    for (const sql of statements) await this.qr.query(sql);
  }

  /** Creates users or widens their first/last seen window; returns external id -> id. */
  async upsertUsers(rows: UserUpsert[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const result: IdRow[] = await this.qr.query(
      `INSERT INTO users (external_id, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])
       ON CONFLICT (external_id) DO UPDATE SET
         first_seen_at = LEAST(users.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(users.last_seen_at, EXCLUDED.last_seen_at)
       RETURNING id::text AS id, external_id`,
      [
        rows.map((r) => r.externalId),
        rows.map((r) => r.firstSeenAt.toISOString()),
        rows.map((r) => r.lastSeenAt.toISOString()),
      ],
    );
    return toMap(result);
  }

  /** Online Retail items: sets title and price (a null price keeps the old one), keeps every other field. */
  async upsertRetailItems(rows: RetailItemUpsert[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const result: IdRow[] = await this.qr.query(
      `INSERT INTO items (external_id, title, price)
       SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])
       ON CONFLICT (external_id) DO UPDATE SET
         title = EXCLUDED.title,
         price = COALESCE(EXCLUDED.price, items.price),
         is_placeholder = false,
         updated_at = now()
       RETURNING id::text AS id, external_id`,
      [rows.map((r) => r.externalId), rows.map((r) => r.title), rows.map((r) => r.price)],
    );
    return toMap(result);
  }

  /**
   * Catalog rows from the generic items file. Existing items are updated field by field: a value the
   * file does not give (null) keeps the stored one, attributes are merged. Returns the ids.
   */
  async upsertCatalogItems(rows: GenericItem[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const params = [
      rows.map((r) => r.externalId),
      rows.map((r) => r.title),
      rows.map((r) => r.description),
      rows.map((r) => (r.categories ? r.categories.join('|') : null)),
      rows.map((r) => r.price),
      rows.map((r) => r.available),
      rows.map((r) => JSON.stringify(r.attributes)),
    ];
    const input = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::boolean[], $7::text[])
      AS u(external_id, title, description, categories, price, available, attributes)`;
    await this.qr.query(
      `UPDATE items i SET
         title = u.title,
         description = COALESCE(u.description, i.description),
         categories = COALESCE(string_to_array(u.categories, '|'), i.categories),
         price = COALESCE(u.price, i.price),
         available = COALESCE(u.available, i.available),
         attributes = i.attributes || u.attributes::jsonb,
         is_placeholder = false,
         updated_at = now()
       FROM ${input}
       WHERE i.external_id = u.external_id`,
      params,
    );
    await this.qr.query(
      `INSERT INTO items (external_id, title, description, categories, price, available, attributes)
       SELECT external_id, title, description, COALESCE(string_to_array(categories, '|'), '{}'),
              price, COALESCE(available, true), attributes::jsonb
       FROM ${input}
       ON CONFLICT (external_id) DO NOTHING`,
      params,
    );
    return this.itemIds(rows.map((r) => r.externalId));
  }

  /** Ids of the given items, creating placeholders (title = id, is_placeholder) for unknown ones. */
  async ensureItems(externalIds: string[]): Promise<{ ids: Map<string, string>; created: number }> {
    if (externalIds.length === 0) return { ids: new Map(), created: 0 };
    const created: { n: number }[] = await this.qr.query(
      `WITH ins AS (
         INSERT INTO items (external_id, title, is_placeholder)
         SELECT e, e, true FROM unnest($1::text[]) AS e
         ON CONFLICT (external_id) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [externalIds],
    );
    return { ids: await this.itemIds(externalIds), created: created[0].n };
  }

  private async itemIds(externalIds: string[]): Promise<Map<string, string>> {
    const rows: IdRow[] = await this.qr.query(
      `SELECT id::text AS id, external_id FROM items WHERE external_id = ANY($1::text[])`,
      [externalIds],
    );
    return toMap(rows);
  }

  /** Inserts events, ignoring keys that exist; returns how many were new. */
  async insertEvents(b: EventBatch): Promise<number> {
    if (b.size === 0) return 0;
    const rows: { n: number }[] = await this.qr.query(
      `WITH ins AS (
         INSERT INTO events (event_key, user_id, item_id, type, quantity, price, basket_id, occurred_at)
         SELECT k, u, i, t, q, p, b, to_timestamp(o)
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::numeric[], $7::text[],
                     $8::float8[]) AS x(k, u, i, t, q, p, b, o)
         ON CONFLICT (event_key) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [b.keys, b.userIds, b.itemIds, b.types, b.quantities, b.prices, b.basketIds, b.occurredAt],
    );
    return rows[0].n;
  }
}
