import type { PurchaseEvent } from '../ml/data/purchase-event.js';
import { recencyWeightedSample, type TrainingSampleOptions } from '../ml/data/recency-weighted-sample.js';
import type { TrainingSampleSummary } from '../ml/report/training-scale.js';
import type { DataWindow, PurchaseHistoryRepository } from './purchase-history.repository.js';

/**
 * The purchase events training learns from: one pass over per-customer activity picks the recency-weighted sample
 * (all customers while the bounds hold), then only the kept customers' events are read, a page of
 * customers at a time, so memory follows the sample and not the whole history.
 */
export async function loadTrainingEvents(
  history: PurchaseHistoryRepository,
  window: DataWindow,
  options: TrainingSampleOptions,
  pageSize = 50_000,
): Promise<{ events: PurchaseEvent[]; sample: TrainingSampleSummary }> {
  const activity = await history.customerActivity(window);
  const sample = recencyWeightedSample(activity, options);
  // Customers in id order, in pages of about `pageSize` events: each query reads its own customers' rows only, so
  // the whole read stays linear in the events and no result holds more than a page.
  const keep = new Set(sample.kept);
  const events: PurchaseEvent[] = [];
  let page: string[] = [];
  let pageEvents = 0;
  const flush = async () => {
    if (page.length) for (const e of await history.purchasesOf(window, page)) events.push(e);
    page = [];
    pageEvents = 0;
  };
  for (const c of activity) {
    if (!keep.has(c.id)) continue;
    page.push(c.id);
    pageEvents += c.events;
    if (pageEvents >= pageSize) await flush();
  }
  await flush();
  return {
    events,
    sample: {
      customers: sample.customers,
      events: sample.events,
      keptCustomers: sample.kept.length,
      keptEvents: events.length,
      sampled: sample.sampled,
      maxCustomers: options.maxCustomers,
      maxEvents: options.maxEvents,
      recencyHalfLifeDays: options.recencyHalfLifeDays,
    },
  };
}
