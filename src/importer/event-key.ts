// Stable idempotency keys for imported events: importing the same file twice yields the same keys,
// and the unique events.event_key turns the second import into a no-op.
import { createHash } from 'node:crypto';
import type { GenericEvent } from './generic-csv-row.js';

/** Counts how often a key was seen: identical rows (same invoice line twice) stay distinct events. */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  next(key: string): number {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n;
  }
}

/**
 * Occurrences of a member within a group (a stock code within an invoice). Files list an invoice's
 * lines together, so only the current group is kept in a small map; a group that comes back later
 * (an unsorted file) continues from the counts it had, so keys never repeat.
 */
export class GroupedOccurrenceCounter {
  private group: string | null = null;
  private current = new Map<string, number>();
  private readonly closed = new Map<string, Map<string, number>>();

  next(group: string, member: string): number {
    if (group !== this.group) {
      if (this.group !== null) this.closed.set(this.group, this.current);
      this.current = this.closed.get(group) ?? new Map();
      this.closed.delete(group);
      this.group = group;
    }
    const n = (this.current.get(member) ?? 0) + 1;
    this.current.set(member, n);
    return n;
  }
}

/** `or:<invoice>:<stock code>:<n-th occurrence of that code in the invoice>`. */
export function onlineRetailEventKey(invoice: string, stockCode: string, occurrence: number): string {
  return `or:${invoice}:${stockCode}:${occurrence}`;
}

/**
 * Hash of the row's parsed fields, so `2024-01-01T00:00:00Z` and `1704067200` name the same event;
 * the caller appends the occurrence of that hash in the file.
 */
export function genericEventHash(e: GenericEvent): string {
  const parts = [
    e.userId,
    e.itemId,
    e.type,
    String(e.occurredAt.getTime()),
    String(e.quantity),
    String(e.price ?? ''),
    e.basketId ?? '',
  ];
  return createHash('sha1').update(parts.join('\u001f')).digest('base64url');
}

export function genericEventKey(hash: string, occurrence: number): string {
  return `csv:${hash}:${occurrence}`;
}
