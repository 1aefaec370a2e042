import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ItemFeatures } from '../ml/dataset.js';
import type { PurchaseEvent } from '../ml/data/purchase-event.js';
import type { CustomerActivity } from '../ml/data/recency-weighted-sample.js';

export interface CatalogItemRow extends ItemFeatures {
  externalId: string;
  available: boolean;
}

export interface DataWindow {
  /** Inclusive lower bound on occurred_at. */
  since?: Date;
  /** Exclusive upper bound on occurred_at. */
  until?: Date;
}

interface PurchaseRow {
  u: string;
  i: string;
  b: string | null;
  t: Date | string;
  q: number;
  p: string | number | null;
}

function toPurchaseEvent(r: PurchaseRow): PurchaseEvent {
  return {
    userId: r.u,
    itemId: r.i,
    basketId: r.b,
    time: new Date(r.t).getTime(),
    quantity: Number(r.q),
    price: r.p === null ? null : Number(r.p),
  };
}

/** Reads what training needs from PostgreSQL: purchase events with external ids, and the catalog's content. */
@Injectable()
export class PurchaseHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async purchases(window: DataWindow = {}): Promise<PurchaseEvent[]> {
    const rows: { u: string; i: string; b: string | null; t: Date | string; q: number; p: string | number | null }[] =
      await this.dataSource.query(
        `SELECT u.external_id AS u, i.external_id AS i, e.basket_id AS b, e.occurred_at AS t, e.quantity AS q, e.price AS p
           FROM events e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
          WHERE e.type = 'purchase'
            AND ($1::timestamptz IS NULL OR e.occurred_at >= $1)
            AND ($2::timestamptz IS NULL OR e.occurred_at < $2)
          ORDER BY e.user_id, e.occurred_at, e.id`,
        [window.since ?? null, window.until ?? null],
      );
    return rows.map(toPurchaseEvent);
  }

  /** Per customer with purchases in the window: internal id, latest purchase and purchase count (one row each). */
  async customerActivity(window: DataWindow = {}): Promise<CustomerActivity<string>[]> {
    const rows: { id: string; t: Date | string; n: number }[] = await this.dataSource.query(
      `SELECT e.user_id AS id, max(e.occurred_at) AS t, count(*)::int AS n
         FROM events e
        WHERE e.type = 'purchase'
          AND ($1::timestamptz IS NULL OR e.occurred_at >= $1)
          AND ($2::timestamptz IS NULL OR e.occurred_at < $2)
        GROUP BY e.user_id
        ORDER BY e.user_id`,
      [window.since ?? null, window.until ?? null],
    );
    return rows.map((r) => ({ id: String(r.id), lastPurchase: new Date(r.t).getTime(), events: Number(r.n) }));
  }

  /** The purchases of `purchases(window)` made by the given customers (internal ids), in the same order. */
  async purchasesOf(window: DataWindow, customers: readonly string[]): Promise<PurchaseEvent[]> {
    const rows: PurchaseRow[] = await this.dataSource.query(
      `SELECT u.external_id AS u, i.external_id AS i, e.basket_id AS b, e.occurred_at AS t, e.quantity AS q, e.price AS p
         FROM events e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
        WHERE e.type = 'purchase'
          AND e.user_id = ANY($3::bigint[])
          AND ($1::timestamptz IS NULL OR e.occurred_at >= $1)
          AND ($2::timestamptz IS NULL OR e.occurred_at < $2)
        ORDER BY e.user_id, e.occurred_at, e.id`,
      [window.since ?? null, window.until ?? null, [...customers]],
    );
    return rows.map(toPurchaseEvent);
  }

  async catalog(): Promise<CatalogItemRow[]> {
    const rows: {
      id: string;
      title: string;
      description: string | null;
      categories: string[];
      price: string | number | null;
      available: boolean;
    }[] = await this.dataSource.query(
      `SELECT external_id AS id, title, description, categories, price, available FROM items ORDER BY id`,
    );
    return rows.map((r) => ({
      externalId: r.id,
      title: r.title,
      description: r.description,
      categories: r.categories ?? [],
      price: r.price === null ? null : Number(r.price),
      available: r.available,
    }));
  }

  /** Time span of purchase events, for the manifest's data window. */
  async purchaseSpan(): Promise<{ from: Date | null; to: Date | null; events: number }> {
    const [row]: { from: Date | null; to: Date | null; n: number }[] = await this.dataSource.query(
      `SELECT min(occurred_at) AS "from", max(occurred_at) AS "to", count(*)::int AS n FROM events WHERE type = 'purchase'`,
    );
    return { from: row.from ? new Date(row.from) : null, to: row.to ? new Date(row.to) : null, events: Number(row.n) };
  }
}
