import { EVENT_TYPES, type EventType } from '../database/entities/event.entity.js';
import { badInput } from '../common/errors/domain-error.js';
import { parseExternalId } from '../graphql/external-id.js';

/** An event as a client sends it (GraphQL input shape, before validation). */
export interface RawEvent {
  eventId: string;
  userId: string;
  itemId: string;
  type: string;
  quantity?: number | null;
  price?: number | null;
  basketId?: string | null;
  occurredAt?: string | null;
  requestId?: string | null;
}

export interface ValidEvent {
  eventKey: string;
  userId: string;
  itemId: string;
  type: EventType;
  quantity: number;
  price: number | null;
  basketId: string | null;
  occurredAt: Date;
  requestId: string | null;
}

export const MAX_QUANTITY = 1_000_000;
export const MAX_PRICE = 1_000_000_000;
/** Client clocks drift; more than this ahead of ours is a bug on their side, not an event. */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;
export const MAX_BATCH_EVENTS = 1000;

// ISO 8601 date-time with a zone (Z or ±hh:mm); a zone-less time would be read in the server's zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Validates one event; `where` prefixes messages (e.g. "inputs[3]."). Throws BAD_USER_INPUT. */
export function validateEvent(raw: RawEvent, nowMs: number, where = 'input.'): ValidEvent {
  const fail = (field: string, message: string) =>
    badInput(`${where}${field} ${message}`, { argument: `${where}${field}` });
  const id = (value: unknown, field: string) => parseExternalId(value, `${where}${field}`);
  const type = String(raw.type ?? '').toLowerCase() as EventType;
  if (!EVENT_TYPES.includes(type)) throw fail('type', `must be one of ${EVENT_TYPES.join(', ')}`);
  const quantity = raw.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw fail('quantity', `must be an integer between 1 and ${MAX_QUANTITY}`);
  }
  const price = raw.price ?? null;
  if (price !== null && (!Number.isFinite(price) || price < 0 || price > MAX_PRICE)) {
    throw fail('price', `must be a finite number between 0 and ${MAX_PRICE}`);
  }
  let occurredAt = new Date(nowMs);
  if (raw.occurredAt !== null && raw.occurredAt !== undefined) {
    const text = String(raw.occurredAt).trim();
    const ms = ISO_DATE_TIME.test(text) && isRealCalendarDate(text) ? Date.parse(text) : NaN;
    if (!Number.isFinite(ms))
      throw fail('occurredAt', 'must be an ISO 8601 date-time with a time zone, e.g. 2011-12-09T12:50:00Z');
    if (ms > nowMs + MAX_FUTURE_SKEW_MS) throw fail('occurredAt', 'is in the future');
    if (ms < Date.UTC(1970, 0, 1)) throw fail('occurredAt', 'is before 1970');
    occurredAt = new Date(ms);
  }
  const optionalId = (value: string | null | undefined, field: string) =>
    value === null || value === undefined ? null : id(value, field);
  return {
    eventKey: id(raw.eventId, 'eventId'),
    userId: id(raw.userId, 'userId'),
    itemId: id(raw.itemId, 'itemId'),
    type,
    quantity,
    price,
    basketId: optionalId(raw.basketId, 'basketId'),
    occurredAt,
    requestId: optionalId(raw.requestId, 'requestId'),
  };
}

/** Date.parse rolls 2023-02-30 over to March 2; a storefront sending it has a bug worth reporting. */
function isRealCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
