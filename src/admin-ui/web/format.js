// Numbers, dates and names as people read them. One locale for the whole page (en-GB: day month year, the
// Online Retail demo's own), numbers grouped, rates as percentages, UTC days shown as dates.

const LOCALE = 'en-GB';
const int = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const dec2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dec3 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const dateFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

const DASH = '–';
const ok = (v) => v !== null && v !== undefined && Number.isFinite(Number(v));

export const fmtInt = (v) => (ok(v) ? int.format(Number(v)) : DASH);
/** Money in the catalog's currency (the API stores prices without one). */
export const fmtMoney = (v) => (ok(v) ? dec2.format(Number(v)) : DASH);
export const fmtScore = (v) => (ok(v) ? dec3.format(Number(v)) : DASH);
export const fmtMetric = (v) => (ok(v) ? dec3.format(Number(v)) : DASH);
/** A 0..1 rate as a percentage; small rates keep two decimals so they do not read as 0 %. */
export function fmtPct(v) {
  if (!ok(v)) return DASH;
  const p = Number(v) * 100;
  return `${p !== 0 && Math.abs(p) < 10 ? p.toFixed(2) : p.toFixed(1)} %`;
}
export const fmtSignedPct = (v) => (ok(v) ? `${v > 0 ? '+' : ''}${fmtPct(v)}` : DASH);
export const fmtSigned = (v) => (ok(v) ? `${v > 0 ? '+' : ''}${dec3.format(Number(v))}` : DASH);
export const fmtPValue = (v) => (!ok(v) ? DASH : v < 0.001 ? '< 0.001' : dec3.format(Number(v)));

const toDate = (v) =>
  v instanceof Date
    ? v
    : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
      ? new Date(`${v}T00:00:00Z`)
      : new Date(v);
const valid = (d) => d instanceof Date && !Number.isNaN(d.getTime());

export const fmtDate = (v) => (v && valid(toDate(v)) ? dateFmt.format(toDate(v)) : DASH);
export const fmtDateTime = (v) => (v && valid(toDate(v)) ? `${dateTimeFmt.format(toDate(v))} UTC` : DASH);
export const fmtShortDay = (v) => (v && valid(toDate(v)) ? shortDay.format(toDate(v)) : DASH);

/** "in 12 days" / "3 days ago" / "today", counted from `reference` (the data's own now, for old data sets). */
export function fmtRelativeDays(v, reference) {
  if (!v || !reference) return '';
  const days = Math.round((toDate(v).getTime() - toDate(reference).getTime()) / 86_400_000);
  if (days === 0) return 'that day';
  return days > 0 ? `${fmtInt(days)} days later` : `${fmtInt(-days)} days before`;
}

export const PLACEMENTS = ['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'];
const PLACEMENT_LABELS = { HOME: 'Home page', PRODUCT: 'Product page', CART: 'Cart', BUY_AGAIN: 'Buy again' };
export const placementLabel = (p) => PLACEMENT_LABELS[p] ?? p;

const SOURCE_LABELS = {
  collaborative: 'Customers like them',
  content: 'Similar products',
  sequence: 'Next in sequence',
  'item-item': 'Bought with their items',
  repeat: 'Buys again',
  popularity: 'Popular (model)',
  popular: 'Popular',
  trending: 'Trending',
  'buy-again': 'Buy again',
  'co-purchase': 'Often bought together',
  catalog: 'Catalog fill',
};
export const sourceLabel = (s) => SOURCE_LABELS[s] ?? s;

const SEGMENT_LABELS = {
  champions: 'Champions',
  loyal: 'Loyal',
  'potential-loyalist': 'Potential loyalists',
  'new-customers': 'New customers',
  promising: 'Promising',
  'needs-attention': 'Needs attention',
  'about-to-sleep': 'About to sleep',
  'at-risk': 'At risk',
  'cant-lose': "Can't lose them",
  hibernating: 'Hibernating',
  new: 'New',
  active: 'Active',
  lapsed: 'Lapsed',
  'high-value': 'High value',
  'high-value-at-risk': 'High value at risk',
};
export const segmentLabel = (s) => (s ? (SEGMENT_LABELS[s] ?? s) : DASH);

const STATUS_LABELS = {
  DRAFT: 'Draft',
  RUNNING: 'Running',
  STOPPED: 'Stopped',
  SHIPPED: 'Shipped',
  registered: 'Registered',
  active: 'Active',
  retired: 'Retired',
  failed: 'Failed',
};
export const statusLabel = (s) => STATUS_LABELS[s] ?? s;

const ORIGIN_LABELS = {
  segment: 'set for this segment',
  operator: 'set by an operator',
  config: 'from configuration',
  model: 'fitted by the model',
  'built-in': 'built-in defaults',
  none: 'no cap',
};
export const originLabel = (o) => ORIGIN_LABELS[o] ?? o;

/** "ndcg@10:all" → "NDCG@10 (all items)". */
export function metricLabel(name) {
  if (!name) return DASH;
  const [metric, setting] = name.split(':');
  const m = metric
    .replace(/^ndcg/i, 'NDCG')
    .replace(/^recall/i, 'Recall')
    .replace(/^hr/i, 'Hit rate')
    .replace(/^mrr/i, 'MRR')
    .replace(/^coverage/i, 'Coverage');
  return setting ? `${m} (${setting === 'all' ? 'all items' : `${setting} items`})` : m;
}
