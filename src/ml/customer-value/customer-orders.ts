// A customer's orders reduced to what the BG/NBD and Gamma–Gamma models read, as of a cutoff time.
import type { RepeatSummary } from './bg-nbd.js';
import type { SpendSummary } from './gamma-gamma.js';

export const DAY_MS = 24 * 3600 * 1000;

export interface CustomerOrders {
  userId: string;
  /** One entry per order (basket): epoch ms and value (Σ quantity × price), oldest first. */
  orders: readonly { ms: number; value: number }[];
}

export interface CustomerSummary {
  userId: string;
  repeat: RepeatSummary;
  spend: SpendSummary;
  /** All orders up to the cutoff: count, total value, days since the last (for the RFM baseline). */
  orders: number;
  monetary: number;
  recencyDays: number;
}

/**
 * The customer's summary from the orders placed up to `cutoffMs` (inclusive), in days; null when they had
 * ordered nothing by then. The first order starts the customer's clock (BG/NBD counts repeat orders), and the
 * Gamma–Gamma mean is over the repeat orders only (FHL 2005).
 */
export function summarizeOrders(c: CustomerOrders, cutoffMs: number): CustomerSummary | null {
  const upTo = c.orders.filter((o) => o.ms <= cutoffMs);
  if (upTo.length === 0) return null;
  const first = upTo[0].ms;
  const last = upTo[upTo.length - 1].ms;
  const repeats = upTo.slice(1);
  const repeatValue = repeats.reduce((s, o) => s + o.value, 0);
  return {
    userId: c.userId,
    repeat: { x: repeats.length, tx: (last - first) / DAY_MS, T: (cutoffMs - first) / DAY_MS },
    spend: { x: repeats.length, meanValue: repeats.length > 0 ? repeatValue / repeats.length : 0 },
    orders: upTo.length,
    monetary: upTo.reduce((s, o) => s + o.value, 0),
    recencyDays: Math.floor((cutoffMs - last) / DAY_MS),
  };
}
