import { Injectable } from '@nestjs/common';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { parseExternalId } from '../graphql/external-id.js';
import { AnalyticsRepository, type CustomerRow, type ItemRow, type PurchaseRow } from './analytics.repository.js';
import { dayOf, daysOf, parseDay, rangeEnd, resolveRange, type DayRange } from './date-range.js';
import { overviewSeries, type DailySeries, type PlacementSeries } from './overview-series.js';
import { ServingStatsService } from './serving-stats.service.js';

export interface AnalyticsOverview extends DayRange {
  latestActivityDay: string | null;
  days: string[];
  total: DailySeries;
  placements: PlacementSeries[];
}

export interface ItemSales extends DayRange {
  itemId: string;
  days: string[];
  unitsPerDay: number[];
  ordersPerDay: number[];
  revenuePerDay: number[];
  units: number;
  orders: number;
  revenue: number;
  customers: number;
}

const OVERVIEW_DAYS = 30;
const ITEM_DAYS = 90;
const MAX_SEARCH = 64;
// Title words: letters and digits only, so no query syntax reaches to_tsquery.
const WORD = /[\p{L}\p{N}]+/gu;

const bounds = (range: DayRange): [Date, Date] => [new Date(parseDay(range.from, 'from')), rangeEnd(range)];

function checkLimit(limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw badInput(`limit must be an integer between 1 and ${max} (got ${limit})`, { argument: 'limit' });
  }
  return limit;
}

function searchText(raw: string, allowEmpty: boolean): string {
  const text = raw.trim();
  if (text.length > MAX_SEARCH)
    throw badInput(`search is longer than ${MAX_SEARCH} characters`, { argument: 'search' });
  if (!allowEmpty && text === '') throw badInput('search must not be empty', { argument: 'search' });
  return text;
}

/** The dashboard's analytics: activity over time, customer and item search, a customer's purchases, an item's sales. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly servingStats: ServingStatsService,
  ) {}

  async overview(from?: string | null, to?: string | null): Promise<AnalyticsOverview> {
    // This instance's latest counts go in first, so what it just served is part of the answer.
    await this.servingStats.flush();
    const { range, latestActivityDay } = await this.range(from, to, OVERVIEW_DAYS);
    const [start, end] = bounds(range);
    const [events, serving, exposures] = await Promise.all([
      this.repository.dailyEvents(start, end),
      this.repository.dailyServing(range.from, range.to),
      this.repository.placementExposures(start, end),
    ]);
    const days = daysOf(range);
    return { ...range, latestActivityDay, days, ...overviewSeries(days, events, serving, exposures) };
  }

  async topItems(from: string | null | undefined, to: string | null | undefined, limit: number) {
    const n = checkLimit(limit, 50);
    const { range } = await this.range(from, to, OVERVIEW_DAYS);
    return this.repository.topItems(...bounds(range), n);
  }

  async customers(search: string, limit: number): Promise<CustomerRow[]> {
    return this.repository.customers(searchText(search, true), checkLimit(limit, 50));
  }

  async customerPurchases(userId: string, limit: number): Promise<PurchaseRow[]> {
    return this.repository.customerPurchases(parseExternalId(userId, 'userId'), checkLimit(limit, 200));
  }

  /** Id-prefix matches first (a storefront id is what people paste), then title matches, without repeats. */
  async searchItems(search: string, limit: number): Promise<ItemRow[]> {
    const text = searchText(search, false);
    const n = checkLimit(limit, 50);
    const words = (text.toLowerCase().match(WORD) ?? []).slice(0, 8);
    const [byId, byTitle] = await Promise.all([
      this.repository.itemsByIdPrefix(text, n),
      this.repository.itemsByTitleWords(words, n),
    ]);
    const seen = new Set<string>();
    return [...byId, ...byTitle].filter((i) => !seen.has(i.id) && seen.add(i.id)).slice(0, n);
  }

  async itemSales(itemId: string, from?: string | null, to?: string | null): Promise<ItemSales> {
    const id = await this.knownItem(itemId);
    // By default the window ends at the item's own latest sale: an item that stopped selling still shows its curve.
    const lastSale = from || to ? null : await this.repository.itemLatestSaleDay(id);
    const range = lastSale
      ? resolveRange(null, null, lastSale, ITEM_DAYS)
      : (await this.range(from, to, ITEM_DAYS)).range;
    const rows = await this.repository.itemSales(id, ...bounds(range));
    const total = rows.find((r) => r.day === null);
    const byDay = new Map(rows.filter((r) => r.day !== null).map((r) => [r.day!, r]));
    const days = daysOf(range);
    return {
      itemId: id,
      ...range,
      days,
      unitsPerDay: days.map((d) => byDay.get(d)?.units ?? 0),
      ordersPerDay: days.map((d) => byDay.get(d)?.orders ?? 0),
      revenuePerDay: days.map((d) => byDay.get(d)?.revenue ?? 0),
      units: total?.units ?? 0,
      orders: total?.orders ?? 0,
      revenue: total?.revenue ?? 0,
      customers: total?.customers ?? 0,
    };
  }

  async itemAppearances(itemId: string, from?: string | null, to?: string | null) {
    const id = await this.knownItem(itemId);
    const { range } = await this.range(from, to, ITEM_DAYS);
    return this.repository.itemAppearances(id, ...bounds(range));
  }

  /** The range asked for, or the default one ending at the newest day with activity (today when nothing is stored). */
  private async range(from: string | null | undefined, to: string | null | undefined, defaultDays: number) {
    const latestActivityDay = await this.repository.latestActivityDay();
    const range = resolveRange(from, to, latestActivityDay ?? dayOf(new Date()), defaultDays);
    return { range, latestActivityDay };
  }

  private async knownItem(raw: string): Promise<string> {
    const id = parseExternalId(raw, 'itemId');
    if (!(await this.repository.itemExists(id))) throw notFound(`Unknown item ${id}`);
    return id;
  }
}
