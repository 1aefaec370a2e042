// Batches parsed events and writes them while the next batch is being parsed: the database works
// on batch k (on the other core) while this process reads and parses batch k+1. At most one batch
// is in flight, so memory stays bounded and writes keep file order.
import type { EventType } from '../database/entities/event.entity.js';
import type { UserWindows } from './import-aggregates.js';
import { EventBatch, type ImportRepository } from './import.repository.js';

export interface PendingEvent {
  key: string;
  userId: string;
  itemId: string;
  type: EventType;
  quantity: number;
  price: number | null;
  basketId: string | null;
  occurredAt: Date;
}

/** Creates (or finds) the given items and returns external id -> id for all of them. */
export type ItemResolver = (externalIds: string[]) => Promise<Map<string, string>>;

export class EventPipeline {
  private pending: PendingEvent[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private resolving: Promise<unknown> = Promise.resolve();
  private turn = 0;
  private readonly userIds = new Map<string, string>();
  private readonly itemIds = new Map<string, string>();
  inserted = 0;
  duplicates = 0;

  /**
   * @param repo resolves user and item ids (one batch after the other, so upserts never race)
   * @param writers connections that insert events; with two, PostgreSQL works on two batches at once
   */
  constructor(
    private readonly repo: ImportRepository,
    private readonly writers: ImportRepository[],
    private readonly users: UserWindows,
    private readonly resolveItems: ItemResolver,
    private readonly batchSize: number,
  ) {}

  /** Queues an event; true when a batch is full and `cut()` should be awaited. */
  add(e: PendingEvent): boolean {
    this.pending.push(e);
    return this.pending.length >= this.batchSize;
  }

  /** Sends the pending batch without waiting for it, once a writer is free. */
  async cut(): Promise<void> {
    if (this.pending.length === 0) return;
    while (this.inFlight.length >= this.writers.length) await this.inFlight.shift();
    const batch = this.pending;
    this.pending = [];
    const writer = this.writers[this.turn++ % this.writers.length];
    const done = this.write(batch, writer);
    // Handled when awaited by a later cut()/finish(); this keeps Node from calling it unhandled meanwhile.
    done.catch(() => undefined);
    this.inFlight.push(done);
  }

  async finish(): Promise<void> {
    await this.cut();
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  /** For cleanup after a failure: waits for the batches in flight, ignoring their outcome. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
  }

  private async write(batch: PendingEvent[], writer: ImportRepository): Promise<void> {
    const resolved = this.resolving.then(() => this.resolveIds(batch));
    this.resolving = resolved.catch(() => undefined);
    await resolved;
    const b = new EventBatch();
    for (const e of batch) {
      const userId = this.userIds.get(e.userId);
      const itemId = this.itemIds.get(e.itemId);
      if (!userId || !itemId) throw new Error(`no id for user ${e.userId} or item ${e.itemId}`);
      b.add(e.key, userId, itemId, e.type, e.quantity, e.price, e.basketId, e.occurredAt);
    }
    const n = await writer.insertEvents(b);
    this.inserted += n;
    this.duplicates += batch.length - n;
  }

  /** Creates the batch's unknown users and items (sorted, so concurrent upserts lock in one order). */
  private async resolveIds(batch: PendingEvent[]): Promise<void> {
    const newUsers = new Set<string>();
    const newItems = new Set<string>();
    for (const e of batch) {
      if (!this.userIds.has(e.userId)) newUsers.add(e.userId);
      if (!this.itemIds.has(e.itemId)) newItems.add(e.itemId);
    }
    if (newUsers.size > 0) {
      const rows = [...newUsers].sort().map((id) => ({ externalId: id, ...this.users.window(id) }));
      for (const [ext, id] of await this.repo.upsertUsers(rows)) this.userIds.set(ext, id);
    }
    if (newItems.size > 0) {
      for (const [ext, id] of await this.resolveItems([...newItems].sort())) this.itemIds.set(ext, id);
    }
  }
}
