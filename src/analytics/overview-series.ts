import type { DailyEventsRow, PlacementExposureRow } from './analytics.repository.js';
import type { ServingCount } from './serving-counts.js';

export interface DailySeries {
  requests: number[];
  cacheHits: number[];
  cacheHitRatio: (number | null)[];
  views: number[];
  clicks: number[];
  addToCarts: number[];
  purchases: number[];
  orders: number[];
  revenue: number[];
  buyers: number[];
}

export interface PlacementSeries {
  placement: string;
  requests: number[];
  cacheHits: number[];
  cacheHitRatio: (number | null)[];
  itemsServed: number[];
  loggedLists: number[];
  users: number[];
  impressions: number[];
  clicks: number[];
  addToCarts: number[];
  purchases: number[];
  converters: number[];
  ctr: (number | null)[];
  conversionRate: (number | null)[];
}

const PLACEMENT_ORDER = ['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'];
const EVENT_MEASURES = ['views', 'clicks', 'addToCarts', 'purchases', 'orders', 'revenue', 'buyers'] as const;
const EXPOSURE_MEASURES = ['users', 'impressions', 'clicks', 'addToCarts', 'purchases', 'converters'] as const;

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const rank = (p: string) => (PLACEMENT_ORDER.includes(p) ? PLACEMENT_ORDER.indexOf(p) : PLACEMENT_ORDER.length);

/**
 * Joins the three stored sources into columns aligned with `days` (zeros on quiet days): the totals of every
 * day, and one series per placement present in either the served-list counts or the exposure log.
 */
export function overviewSeries(
  days: readonly string[],
  events: readonly DailyEventsRow[],
  serving: readonly ServingCount[],
  exposures: readonly PlacementExposureRow[],
): { total: DailySeries; placements: PlacementSeries[] } {
  const index = new Map(days.map((d, i) => [d, i]));
  const n = days.length;
  const total: DailySeries = {
    requests: zeros(n),
    cacheHits: zeros(n),
    cacheHitRatio: [],
    views: zeros(n),
    clicks: zeros(n),
    addToCarts: zeros(n),
    purchases: zeros(n),
    orders: zeros(n),
    revenue: zeros(n),
    buyers: zeros(n),
  };
  for (const e of events) {
    const i = index.get(e.day);
    if (i === undefined) continue;
    for (const m of EVENT_MEASURES) total[m][i] = Number(e[m]);
  }
  const placements = new Map<string, PlacementSeries>();
  const seriesOf = (placement: string): PlacementSeries => {
    let s = placements.get(placement);
    if (!s) {
      s = {
        placement,
        requests: zeros(n),
        cacheHits: zeros(n),
        cacheHitRatio: [],
        itemsServed: zeros(n),
        loggedLists: zeros(n),
        users: zeros(n),
        impressions: zeros(n),
        clicks: zeros(n),
        addToCarts: zeros(n),
        purchases: zeros(n),
        converters: zeros(n),
        ctr: [],
        conversionRate: [],
      };
      placements.set(placement, s);
    }
    return s;
  };
  for (const c of serving) {
    const i = index.get(c.day);
    if (i === undefined) continue;
    const s = seriesOf(c.placement);
    s.requests[i] = Number(c.requests);
    s.cacheHits[i] = Number(c.cacheHits);
    s.itemsServed[i] = Number(c.itemsServed);
    total.requests[i] += Number(c.requests);
    total.cacheHits[i] += Number(c.cacheHits);
  }
  for (const x of exposures) {
    const i = index.get(x.day);
    if (i === undefined) continue;
    const s = seriesOf(x.placement);
    s.loggedLists[i] = x.lists;
    for (const m of EXPOSURE_MEASURES) s[m][i] = x[m];
  }
  total.cacheHitRatio = total.requests.map((r, i) => ratio(total.cacheHits[i]!, r));
  for (const s of placements.values()) {
    s.cacheHitRatio = s.requests.map((r, i) => ratio(s.cacheHits[i]!, r));
    s.ctr = s.impressions.map((imp, i) => (s.loggedLists[i]! > 0 ? (ratio(s.clicks[i]!, imp) ?? 0) : null));
    s.conversionRate = s.users.map((u, i) => ratio(s.converters[i]!, u));
  }
  const sorted = [...placements.values()].sort(
    (a, b) => rank(a.placement) - rank(b.placement) || a.placement.localeCompare(b.placement),
  );
  return { total, placements: sorted };
}
