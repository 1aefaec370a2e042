// Bounds on every value the importer writes: the same as the API's, so nothing is imported that the
// API would then refuse (ids) or that no page can show (a 10 MB title), and no value can end an import.
import { MAX_EXTERNAL_ID_LENGTH } from '../graphql/external-id.js';
import { MAX_FUTURE_SKEW_MS, MAX_PRICE, MAX_QUANTITY } from '../events/event-validation.js';

export { MAX_EXTERNAL_ID_LENGTH, MAX_PRICE, MAX_QUANTITY };
export const MAX_TITLE_LENGTH = 1_000;
export const MAX_DESCRIPTION_LENGTH = 10_000;
/** Categories, attribute values, countries, basket ids. */
export const MAX_SHORT_TEXT_LENGTH = 1_000;

// Control characters in ids make logs and cache keys ambiguous; PostgreSQL refuses NUL in any text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ID_CONTROL = /[\u0000-\u001f\u007f]/;

/** Why an id cannot be imported, or null when it can. */
export function idProblem(column: string, id: string): string | null {
  if (id.length > MAX_EXTERNAL_ID_LENGTH) return `${column} longer than ${MAX_EXTERNAL_ID_LENGTH} characters`;
  if (ID_CONTROL.test(id)) return `${column} contains control characters`;
  return null;
}

/** Why a text cannot be imported (too long, or a NUL byte), or null when it can. */
export function textProblem(column: string, text: string, max: number): string | null {
  if (text.length > max) return `${column} longer than ${max} characters`;
  if (text.includes('\u0000')) return `${column} contains a NUL byte`;
  return null;
}

/** Event times the importer accepts; rows outside are skipped as `date_out_of_range`. */
export interface DateWindow {
  earliestMs: number;
  latestMs: number;
}

/** From `earliest` (IMPORT_EARLIEST_DATE) to the clock plus the skew recordEvent allows. */
export function dateWindow(earliest: string, nowMs = Date.now()): DateWindow {
  return { earliestMs: Date.parse(`${earliest}T00:00:00Z`), latestMs: nowMs + MAX_FUTURE_SKEW_MS };
}

export const DEFAULT_EARLIEST_DATE = '1990-01-01';

export function outsideWindow(t: Date, w: DateWindow): boolean {
  return t.getTime() < w.earliestMs || t.getTime() > w.latestMs;
}

/** A header or value fit for a terminal: control characters (escape sequences) shown as `?`, at most `max` characters. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length} characters)` : clean;
}

/** Whole numbers in plain decimal only: no `0x10`, `1e3`, `+5`, spaces or empty text. */
export function strictInteger(text: string): number | null {
  return /^-?\d{1,15}$/.test(text) ? Number(text) : null;
}

/** Decimals in plain notation only (`12`, `0.85`, `.5`, `-1.25`), no exponent or hex. */
export function strictDecimal(text: string): number | null {
  if (!/^-?\d{1,15}(\.\d+)?$|^-?\.\d+$/.test(text)) return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/** Date.UTC without its two-digit-year rule (Date.UTC(1, 0, 1) is 1901): year 1 stays year 1. */
export function utcMs(year: number, monthIndex: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, monthIndex, day, h, mi, s, ms));
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}
