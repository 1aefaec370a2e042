// Parsing of the generic CSV format (pure functions; the importer streams rows through them).
//   items:  item_id,title[,description][,category][,price][,available]   extra columns -> attributes
//   events: user_id,item_id,event_type,timestamp[,quantity][,price][,basket_id]
import { EVENT_TYPES, type EventType } from '../database/entities/event.entity.js';
import {
  dateWindow,
  DEFAULT_EARLIEST_DATE,
  idProblem,
  MAX_DESCRIPTION_LENGTH,
  MAX_PRICE,
  MAX_QUANTITY,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  outsideWindow,
  printable,
  strictDecimal,
  strictInteger,
  textProblem,
  utcMs,
  type DateWindow,
} from './import-limits.js';

export const ITEM_REQUIRED_COLUMNS = ['item_id', 'title'] as const;
export const ITEM_KNOWN_COLUMNS = ['item_id', 'title', 'description', 'category', 'price', 'available'] as const;
export const EVENT_REQUIRED_COLUMNS = ['user_id', 'item_id', 'event_type', 'timestamp'] as const;

export interface GenericItem {
  externalId: string;
  title: string;
  /** null: the file has no value for it, keep what the catalog has. */
  description: string | null;
  categories: string[] | null;
  price: number | null;
  available: boolean | null;
  attributes: Record<string, string>;
}

export interface GenericEvent {
  userId: string;
  itemId: string;
  type: EventType;
  occurredAt: Date;
  quantity: number;
  price: number | null;
  basketId: string | null;
}

export type RowResult<T> =
  { ok: true; value: T } | { ok: false; reason: 'malformed' | 'date_out_of_range'; detail: string };

/** Column positions of a header row, validated against the required columns. */
export interface CsvHeader {
  index: Map<string, number>;
  columns: string[];
}

/** Returns the header, or a message naming the problem (missing columns, duplicates). */
export function readHeader(
  fields: string[],
  required: readonly string[],
  what: string,
): { ok: true; header: CsvHeader } | { ok: false; message: string } {
  const columns = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
  const index = new Map<string, number>();
  for (const [i, c] of columns.entries()) {
    if (index.has(c)) return { ok: false, message: `not ${what}: column "${printable(c, 80)}" appears twice` };
    index.set(c, i);
  }
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      message: `not ${what}: header lacks ${missing.join(', ')} (got: ${printable(columns.join(',')) || 'empty'})`,
    };
  }
  return { ok: true, header: { index, columns } };
}

export const readItemsHeader = (fields: string[]) => readHeader(fields, ITEM_REQUIRED_COLUMNS, 'an items file');
export const readEventsHeader = (fields: string[]) => readHeader(fields, EVENT_REQUIRED_COLUMNS, 'an events file');

function cell(fields: string[], header: CsvHeader, column: string): string {
  const i = header.index.get(column);
  return i === undefined ? '' : (fields[i] ?? '').trim();
}

const bad = (detail: string): { ok: false; reason: 'malformed'; detail: string } => ({
  ok: false,
  reason: 'malformed',
  detail,
});

function columnCountProblem(fields: string[], header: CsvHeader): string | null {
  return fields.length === header.columns.length
    ? null
    : `expected ${header.columns.length} columns, got ${fields.length}`;
}

export function parseGenericItemRow(fields: string[], header: CsvHeader): RowResult<GenericItem> {
  const countProblem = columnCountProblem(fields, header);
  if (countProblem) return bad(countProblem);
  const externalId = cell(fields, header, 'item_id');
  if (!externalId) return bad('empty item_id');
  const title = cell(fields, header, 'title');
  if (!title) return bad('empty title');
  const description = cell(fields, header, 'description');
  const textIssue =
    idProblem('item_id', externalId) ??
    textProblem('title', title, MAX_TITLE_LENGTH) ??
    textProblem('description', description, MAX_DESCRIPTION_LENGTH) ??
    fields
      .map((f, i) => textProblem(header.columns[i] || 'a column', f, MAX_SHORT_TEXT_LENGTH))
      .find((p, i) => p !== null && !['title', 'description'].includes(header.columns[i]));
  if (textIssue) return bad(textIssue);
  const priceText = cell(fields, header, 'price');
  let price: number | null = null;
  if (priceText) {
    price = parseDecimal(priceText);
    if (price === null) return bad(`bad price "${printable(priceText, 40)}"`);
  }
  const availableText = cell(fields, header, 'available').toLowerCase();
  let available: boolean | null = null;
  if (availableText) {
    available = parseBoolean(availableText);
    if (available === null) {
      return bad(`bad available "${printable(availableText, 40)}" (use true/false, 1/0, yes/no)`);
    }
  }
  const categoryText = cell(fields, header, 'category');
  const categories = categoryText
    ? [
        ...new Set(
          categoryText
            .split('|')
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      ]
    : null;
  const attributes: Record<string, string> = {};
  for (const [i, column] of header.columns.entries()) {
    if ((ITEM_KNOWN_COLUMNS as readonly string[]).includes(column) || column === '') continue;
    const v = (fields[i] ?? '').trim();
    if (v) attributes[column] = v;
  }
  return {
    ok: true,
    value: {
      externalId,
      title,
      description: description || null,
      categories: categories && categories.length > 0 ? categories : null,
      price,
      available,
      attributes,
    },
  };
}

export function parseGenericEventRow(
  fields: string[],
  header: CsvHeader,
  window: DateWindow = dateWindow(DEFAULT_EARLIEST_DATE),
): RowResult<GenericEvent> {
  const countProblem = columnCountProblem(fields, header);
  if (countProblem) return bad(countProblem);
  const userId = cell(fields, header, 'user_id');
  if (!userId) return bad('empty user_id');
  const itemId = cell(fields, header, 'item_id');
  if (!itemId) return bad('empty item_id');
  const basketId = cell(fields, header, 'basket_id');
  const idIssue =
    idProblem('user_id', userId) ??
    idProblem('item_id', itemId) ??
    (basketId ? idProblem('basket_id', basketId) : null);
  if (idIssue) return bad(idIssue);
  const type = cell(fields, header, 'event_type').toLowerCase();
  if (!(EVENT_TYPES as readonly string[]).includes(type)) {
    return bad(`bad event_type "${printable(type, 40)}" (use ${EVENT_TYPES.join('|')})`);
  }
  const timestampText = cell(fields, header, 'timestamp');
  const occurredAt = parseTimestamp(timestampText);
  if (!occurredAt) return bad(`bad timestamp "${printable(timestampText, 40)}" (use ISO 8601 or unix seconds)`);
  if (outsideWindow(occurredAt, window)) {
    return {
      ok: false,
      reason: 'date_out_of_range',
      detail: `timestamp ${occurredAt.toISOString()} outside the import window`,
    };
  }
  const quantityText = cell(fields, header, 'quantity');
  let quantity = 1;
  if (quantityText) {
    const q = strictInteger(quantityText);
    if (q === null || q <= 0 || q > MAX_QUANTITY) {
      return bad(`bad quantity "${printable(quantityText, 40)}" (a whole number from 1 to ${MAX_QUANTITY})`);
    }
    quantity = q;
  }
  const priceText = cell(fields, header, 'price');
  let price: number | null = null;
  if (priceText) {
    price = parseDecimal(priceText);
    if (price === null) return bad(`bad price "${printable(priceText, 40)}"`);
  }
  return {
    ok: true,
    value: { userId, itemId, type: type as EventType, occurredAt, quantity, price, basketId: basketId || null },
  };
}

// ISO 8601 date-time (a date alone means midnight UTC; no zone designator is read as UTC).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const UNIX_SECONDS = /^\d{1,11}(\.\d+)?$/;

/** ISO 8601 (UTC unless a zone is given) or unix seconds; null when it is neither or out of range. */
export function parseTimestamp(text: string): Date | null {
  if (UNIX_SECONDS.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  let t = utcMs(y, mo - 1, d, h, mi, s, ms);
  if (new Date(t).getUTCDate() !== d) return null; // 2024-02-30
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offsetMin > 18 * 60) return null;
    t -= sign * offsetMin * 60_000;
  }
  return new Date(t);
}

function parseDecimal(text: string): number | null {
  const v = strictDecimal(text);
  return v !== null && v >= 0 && v <= MAX_PRICE ? v : null;
}

function parseBoolean(text: string): boolean | null {
  if (['true', '1', 'yes', 'y'].includes(text)) return true;
  if (['false', '0', 'no', 'n'].includes(text)) return false;
  return null;
}
