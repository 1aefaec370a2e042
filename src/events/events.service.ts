import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { RecommendationCacheService } from '../cache/recommendation-cache.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { SegmentsService } from '../segments/segments.service.js';
import { MAX_BATCH_EVENTS, validateEvent, type RawEvent, type ValidEvent } from './event-validation.js';
import { EventsRepository } from './events.repository.js';

export interface RecordOutcome {
  accepted: number;
  duplicates: number;
}

/**
 * Records storefront events: validates all of them first (a batch is all-or-nothing), requires the
 * items to exist (storefronts must not invent items), creates unknown users, ignores repeated event
 * ids, drops the cached lists of every user with a new purchase and, after answering, refreshes
 * those users' segments.
 */
@Injectable()
export class EventsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  /** Segment refreshes still running (awaited at shutdown, so none hits a closed database). */
  private readonly refreshing = new Set<Promise<void>>();

  constructor(
    private readonly repository: EventsRepository,
    private readonly catalog: CatalogService,
    private readonly cache: RecommendationCacheService,
    private readonly segments: SegmentsService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.refreshing]);
  }

  /** Resolves when every segment refresh started so far has finished (tests, shutdown). */
  async segmentRefreshesSettled(): Promise<void> {
    while (this.refreshing.size > 0) await Promise.all([...this.refreshing]);
  }

  async recordOne(raw: RawEvent, nowMs = Date.now()): Promise<boolean> {
    const outcome = await this.record([validateEvent(raw, nowMs, 'input.')], 'input.');
    return outcome.accepted === 1;
  }

  async recordMany(raws: readonly RawEvent[], nowMs = Date.now()): Promise<RecordOutcome> {
    if (raws.length > MAX_BATCH_EVENTS)
      throw badInput(`at most ${MAX_BATCH_EVENTS} events per call`, { argument: 'inputs' });
    const events = raws.map((r, i) => validateEvent(r, nowMs, `inputs[${i}].`));
    return this.record(events, 'inputs');
  }

  private async record(events: ValidEvent[], where: string): Promise<RecordOutcome> {
    const unique = new Map<string, ValidEvent>();
    for (const e of events) if (!unique.has(e.eventKey)) unique.set(e.eventKey, e);
    const items = await this.catalog.findItems([...unique.values()].map((e) => e.itemId));
    const unknown = [...new Set([...unique.values()].map((e) => e.itemId).filter((id) => !items.has(id)))];
    if (unknown.length > 0) {
      const shown = unknown
        .slice(0, 5)
        .map((id) => `"${id}"`)
        .join(', ');
      throw badInput(
        `Unknown item ${shown}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}: events must reference catalog items`,
        {
          argument: where,
        },
      );
    }
    const rows = [...unique.values()].map((e) => ({ ...e, itemInternalId: items.get(e.itemId)!.internalId }));
    const inserted = await this.repository.insert(rows);
    const buyers = new Set(rows.filter((e) => e.type === 'purchase' && inserted.has(e.eventKey)).map((e) => e.userId));
    await Promise.all([...buyers].map((u) => this.cache.invalidateUser(u)));
    if (buyers.size > 0) this.logger.debug?.(`invalidated cached lists of ${buyers.size} user(s)`);
    if (buyers.size > 0) this.refreshSegmentsLater([...buyers]);
    return { accepted: inserted.size, duplicates: events.length - inserted.size };
  }

  // The event is stored and answered first: a segment is derived data, and a failure here must never
  // fail (or slow down) the event. A missed refresh is repaired by the next full recomputation.
  private refreshSegmentsLater(users: string[]): void {
    const run = (async () => {
      for (const user of users) {
        try {
          await this.segments.refreshUser(user);
        } catch (e) {
          this.logger.warn(`segment refresh after a purchase failed: ${(e as Error).message}`);
        }
      }
    })();
    this.refreshing.add(run);
    void run.finally(() => this.refreshing.delete(run));
  }
}
