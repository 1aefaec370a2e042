import type { PurchaseEvent } from '../ml/data/purchase-event.js';
import { recencyWeightedSample, type TrainingSampleOptions } from '../ml/data/recency-weighted-sample.js';
import type { TrainingSampleSummary } from '../ml/report/training-scale.js';
import type { DataWindow, PurchaseHistoryRepository } from './purchase-history.repository.js';

/**
 * The purchase events training learns from: one pass over per-customer activity picks the recency-weighted sample
 * (all customers while the bounds hold), then only the kept customers' events are read, page by page, so memory
 * follows the sample and not the whole history.
 */
export async function loadTrainingEvents(
  history: PurchaseHistoryRepository,
  window: DataWindow,
  options: TrainingSampleOptions,
  pageSize?: number,
): Promise<{ events: PurchaseEvent[]; sample: TrainingSampleSummary }> {
  const activity = await history.customerActivity(window);
  const sample = recencyWeightedSample(activity, options);
  const events: PurchaseEvent[] = [];
  for await (const page of history.purchasePages(window, sample.sampled ? sample.kept : null, pageSize)) {
    for (const e of page) events.push(e);
  }
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
