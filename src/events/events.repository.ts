import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ValidEvent } from './event-validation.js';

export interface EventRow extends ValidEvent {
  itemInternalId: string;
}

/** Writes events (and the users they mention) in one transaction; idempotent on event_key. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the event keys actually inserted (the others were already there). */
  async insert(events: readonly EventRow[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    return this.dataSource.transaction(async (m) => {
      const userIds = await this.upsertUsers(m, events);
      const rows: { event_key: string }[] = await m.query(
        `INSERT INTO events (event_key, user_id, item_id, type, quantity, price, basket_id, occurred_at, request_id)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::numeric[],
                              $7::text[], $8::timestamptz[], $9::text[])
         ON CONFLICT (event_key) DO NOTHING
         RETURNING event_key`,
        [
          events.map((e) => e.eventKey),
          events.map((e) => userIds.get(e.userId)!),
          events.map((e) => e.itemInternalId),
          events.map((e) => e.type),
          events.map((e) => e.quantity),
          events.map((e) => (e.price === null ? null : String(e.price))),
          events.map((e) => e.basketId),
          events.map((e) => e.occurredAt.toISOString()),
          events.map((e) => e.requestId),
        ],
      );
      return new Set(rows.map((r) => r.event_key));
    });
  }

  /** Creates unknown users and widens first/last seen of known ones; returns external → internal id. */
  private async upsertUsers(m: EntityManager, events: readonly EventRow[]): Promise<Map<string, string>> {
    const span = new Map<string, { first: number; last: number }>();
    for (const e of events) {
      const t = e.occurredAt.getTime();
      const s = span.get(e.userId);
      if (!s) span.set(e.userId, { first: t, last: t });
      else span.set(e.userId, { first: Math.min(s.first, t), last: Math.max(s.last, t) });
    }
    const ids = [...span.keys()];
    const rows: { id: string; external_id: string }[] = await m.query(
      `INSERT INTO users (external_id, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])
       ON CONFLICT (external_id) DO UPDATE
         SET first_seen_at = least(users.first_seen_at, EXCLUDED.first_seen_at),
             last_seen_at = greatest(users.last_seen_at, EXCLUDED.last_seen_at)
       RETURNING id::text AS id, external_id`,
      [
        ids,
        ids.map((id) => new Date(span.get(id)!.first).toISOString()),
        ids.map((id) => new Date(span.get(id)!.last).toISOString()),
      ],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }
}
