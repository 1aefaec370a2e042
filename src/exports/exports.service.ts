import { Injectable } from '@nestjs/common';
import { EXPORT_AUDIENCE_SIZE_MAX, type AudienceRequest } from '../audiences/audience-request.js';
import { AudiencesService } from '../audiences/audiences.service.js';
import type { PlacementName } from '../placements/placement.js';
import { normalizeFilter, type RecommendationFilterValues } from '../recommendations/ranking/recommendation-filter.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { ExportsRepository, type ExportCustomer } from './exports.repository.js';
import type { ExportRecord } from './record-format.js';

/** Customers read per page (keyset), and lists computed at once within a page. */
const PAGE_SIZE = 500;
const CONCURRENCY = 4;

/** An export ready to stream: its columns, how many customers it covers (for progress) and its records. */
export interface ExportJob {
  columns: readonly string[];
  /** Customers to go through (progress counts them as records are produced). */
  total: number;
  records(onCustomer: () => void): AsyncIterable<ExportRecord>;
}

export interface RecommendationsExport {
  placement: PlacementName;
  top: number;
  segment: string | null;
  /** The list filter every customer's list obeys (categories, price range, bought items), as the API takes it. */
  filter: RecommendationFilterValues | null;
}

/**
 * `tailor export`: recommendations, an audience or customer profiles as records, for an email or push tool.
 * Customers who refused personalisation are never in an export; customers are read a page at a time.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repository: ExportsRepository,
    private readonly recommendations: RecommendationsService,
    private readonly audiences: AudiencesService,
  ) {}

  async recommendationsJob(opts: RecommendationsExport): Promise<ExportJob> {
    normalizeFilter(opts.filter); // bad values answer before the first customer, not in the middle of the file
    const total = await this.repository.countCustomers(opts.segment);
    return {
      columns: ['userId', 'rank', 'itemId', 'title', 'score', 'source', 'reason', 'modelVersion'],
      total,
      records: (onCustomer) => this.recommendationRecords(opts, onCustomer),
    };
  }

  private async *recommendationRecords(
    opts: RecommendationsExport,
    onCustomer: () => void,
  ): AsyncIterable<ExportRecord> {
    for await (const page of this.pages((after) => this.repository.customerPage(after, PAGE_SIZE, opts.segment))) {
      const lists = await mapConcurrently(page, CONCURRENCY, (c) =>
        this.recommendations.recommend({
          userId: c.userId,
          limit: opts.top,
          placement: opts.placement,
          filter: opts.filter,
        }),
      );
      for (const [k, list] of lists.entries()) {
        onCustomer();
        for (const [rank, r] of list.items.entries()) {
          yield {
            userId: page[k].userId,
            rank: rank + 1,
            itemId: r.item.id,
            title: r.item.title,
            score: r.score,
            source: r.source,
            reason: r.reason,
            modelVersion: list.modelVersion,
          };
        }
      }
    }
  }

  async profilesJob(segment: string | null): Promise<ExportJob> {
    const total = await this.repository.countCustomers(segment);
    return {
      columns: [
        'userId',
        'segment',
        'lifecycle',
        'recencyDays',
        'frequency',
        'monetary',
        'probabilityAlive',
        'expectedPurchases',
        'expectedOrderValue',
        'clv',
        'valueHorizonDays',
        'valueTier',
        'atRisk',
        'valueSegment',
      ],
      total,
      records: (onCustomer) => this.profileRecords(segment, onCustomer),
    };
  }

  private async *profileRecords(segment: string | null, onCustomer: () => void): AsyncIterable<ExportRecord> {
    for await (const page of this.pages((after) => this.repository.profilePage(after, PAGE_SIZE, segment))) {
      for (const { internalId: _internal, ...row } of page) {
        onCustomer();
        yield row;
      }
    }
  }

  /** The audience is ranked first (it needs every customer's score), then streamed. */
  async audienceJob(request: AudienceRequest): Promise<ExportJob> {
    const audience = await this.audiences.build(request, EXPORT_AUDIENCE_SIZE_MAX);
    return {
      columns: ['userId', 'rank', 'score', 'itemId', 'reason', 'modelVersion'],
      total: audience.members.length,
      async *records(onCustomer) {
        for (const [rank, m] of audience.members.entries()) {
          onCustomer();
          yield { ...m, rank: rank + 1, modelVersion: audience.modelVersion };
        }
      },
    };
  }

  private async *pages<T extends ExportCustomer>(read: (after: string) => Promise<T[]>): AsyncIterable<T[]> {
    for (let after = '0'; ;) {
      const page = await read(after);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].internalId;
    }
  }
}

/** fn over every entry with at most `concurrency` calls in flight; results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
