import { badInput } from '../common/errors/domain-error.js';

/** A span of whole UTC days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Longest range a query may ask for: keeps every per-day scan bounded. */
export const MAX_RANGE_DAYS = 366;

/** `YYYY-MM-DD` of an instant, in UTC. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Epoch ms of a day's start (UTC); throws BAD_USER_INPUT naming the argument for anything but a real date. */
export function parseDay(raw: string, argument: string): number {
  const ms = DAY.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || dayOf(new Date(ms)) !== raw) {
    throw badInput(`${argument} must be a date as YYYY-MM-DD (got "${raw.slice(0, 40)}")`, { argument });
  }
  return ms;
}

/**
 * The days a query covers: `from`..`to` as given, or ending at `latest` (the newest day with activity, since
 * stored data can be years old) and spanning `defaultDays` when either end is missing.
 */
export function resolveRange(
  from: string | null | undefined,
  to: string | null | undefined,
  latest: string,
  defaultDays: number,
): DayRange {
  const toMs = to
    ? parseDay(to, 'to')
    : from
      ? parseDay(from, 'from') + (defaultDays - 1) * DAY_MS
      : parseDay(latest, 'latest');
  const fromMs = from ? parseDay(from, 'from') : toMs - (defaultDays - 1) * DAY_MS;
  if (fromMs > toMs) throw badInput('from must not be after to', { argument: 'from' });
  const days = (toMs - fromMs) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) {
    throw badInput(`the range spans ${days} days; at most ${MAX_RANGE_DAYS} are allowed`, { argument: 'from' });
  }
  return { from: dayOf(new Date(fromMs)), to: dayOf(new Date(toMs)) };
}

/** Every day of a range, in order: series are filled with zeros so charts show quiet days as such. */
export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let ms = parseDay(range.from, 'from'); ms <= parseDay(range.to, 'to'); ms += DAY_MS)
    out.push(dayOf(new Date(ms)));
  return out;
}

/** The instant after the range's last day: queries use `occurred_at >= from AND occurred_at < end`. */
export function rangeEnd(range: DayRange): Date {
  return new Date(parseDay(range.to, 'to') + DAY_MS);
}
