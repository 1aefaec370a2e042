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

/** Creates (or finds) the given items through `via` and returns external id -> id for all of them. */
export type ItemResolver = (externalIds: string[], via: ImportRepository) => Promise<Map<string, string>>;

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
    /**
     * true (incremental loads): each batch's new users and items and its events commit together on the
     * batch's writer, so a failed batch leaves no user without events behind. Bulk loads are one
     * transaction already.
     */
    private readonly atomicBatches = false,
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
    const via = this.atomicBatches ? writer : this.repo;
    if (this.atomicBatches) await writer.begin();
    try {
      const resolved = this.resolving.then(() => this.resolveIds(batch, via));
      this.resolving = resolved.catch(() => undefined);
      const ids = await resolved;
      const b = new EventBatch();
      for (const e of batch) {
        const userId = ids.users.get(e.userId) ?? this.userIds.get(e.userId);
        const itemId = ids.items.get(e.itemId) ?? this.itemIds.get(e.itemId);
        if (!userId || !itemId) throw new Error(`no id for user ${e.userId} or item ${e.itemId}`);
        b.add(e.key, userId, itemId, e.type, e.quantity, e.price, e.basketId, e.occurredAt);
      }
      const n = await writer.insertEvents(b);
      if (this.atomicBatches) await writer.commit();
      // Known to later batches only once stored (committed, in atomic mode).
      for (const [ext, id] of ids.users) this.userIds.set(ext, id);
      for (const [ext, id] of ids.items) this.itemIds.set(ext, id);
      this.inserted += n;
      this.duplicates += batch.length - n;
    } catch (e) {
      if (this.atomicBatches) await writer.rollback().catch(() => undefined);
      throw e;
    }
  }

  /** Creates the batch's unknown users and items (sorted, so concurrent upserts lock in one order). */
  private async resolveIds(
    batch: PendingEvent[],
    via: ImportRepository,
  ): Promise<{ users: Map<string, string>; items: Map<string, string> }> {
    const newUsers = new Set<string>();
    const newItems = new Set<string>();
    for (const e of batch) {
      if (!this.userIds.has(e.userId)) newUsers.add(e.userId);
      if (!this.itemIds.has(e.itemId)) newItems.add(e.itemId);
    }
    const users =
      newUsers.size > 0
        ? await via.upsertUsers([...newUsers].sort().map((id) => ({ externalId: id, ...this.users.window(id) })))
        : new Map<string, string>();
    const items = newItems.size > 0 ? await this.resolveItems([...newItems].sort(), via) : new Map<string, string>();
    return { users, items };
  }
}
