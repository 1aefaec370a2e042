// A bounded, recency-weighted sample of customers for training. The models fold users in from their history at
// request time, so they need enough customers to learn item relations, not every customer: past a bound, more
// customers cost training time and memory without changing what is learned much. Customers are drawn without
// replacement with weight w = 0.5^(days since their last purchase / half-life) by weighted reservoir keys
// (Efraimidis & Spirakis, "Weighted random sampling with a reservoir", IPL 2006): key = ln(u) / w, the largest keys
// win. Recent shoppers, whose behaviour the served lists must match, are the likeliest to be kept.
import { SeededRandom } from '../models/shared/seeded-random.js';

export interface CustomerActivity<Id> {
  id: Id;
  /** Time of the customer's latest purchase event (ms since the epoch). */
  lastPurchase: number;
  /** Purchase events of the customer. */
  events: number;
}

export interface TrainingSampleOptions {
  /** Keep at most this many customers; null = no bound. */
  maxCustomers: number | null;
  /** Keep customers until their events reach this many; null = no bound. */
  maxEvents: number | null;
  /** Half-life, in days before the newest purchase, of a customer's sampling weight. */
  recencyHalfLifeDays: number;
  seed: number;
}

export interface TrainingSample<Id> {
  /** Kept customers, in the order given. */
  kept: Id[];
  customers: number;
  events: number;
  keptEvents: number;
  /** True when a bound applied (some customers were left out). */
  sampled: boolean;
}

const DAY_MS = 86_400_000;

export function recencyWeightedSample<Id>(
  customers: readonly CustomerActivity<Id>[],
  options: TrainingSampleOptions,
): TrainingSample<Id> {
  const events = customers.reduce((s, c) => s + c.events, 0);
  const maxCustomers = options.maxCustomers ?? Infinity;
  const maxEvents = options.maxEvents ?? Infinity;
  if (customers.length <= maxCustomers && events <= maxEvents) {
    return { kept: customers.map((c) => c.id), customers: customers.length, events, keptEvents: events, sampled: false };
  }
  let newest = -Infinity;
  for (const c of customers) if (c.lastPurchase > newest) newest = c.lastPurchase;
  const rng = new SeededRandom(options.seed ^ 0x2545f491);
  const keys = customers.map((c, i) => {
    const ageDays = Math.max(0, (newest - c.lastPurchase) / DAY_MS);
    const weight = Math.pow(0.5, ageDays / options.recencyHalfLifeDays);
    const u = Math.max(rng.next(), Number.MIN_VALUE);
    return { i, key: weight > 0 ? Math.log(u) / weight : -Infinity };
  });
  keys.sort((a, b) => b.key - a.key || a.i - b.i);
  const chosen: number[] = [];
  let keptEvents = 0;
  for (const { i } of keys) {
    if (chosen.length >= maxCustomers) break;
    if (chosen.length > 0 && keptEvents + customers[i].events > maxEvents) break;
    chosen.push(i);
    keptEvents += customers[i].events;
  }
  chosen.sort((a, b) => a - b);
  return { kept: chosen.map((i) => customers[i].id), customers: customers.length, events, keptEvents, sampled: true };
}
