// Calibration / holdout evaluation of the customer-value model: fit on the orders before a cutoff, predict
// the holdout period, compare with what customers actually did there.
import { computeRfm } from '../segments/rfm.js';
import type { ClvOptions } from './customer-lifetime-value.js';
import { DAY_MS, summarizeOrders, type CustomerOrders } from './customer-orders.js';
import { fitCustomerValueModel, predictCustomerValue, type CustomerValueModel } from './customer-value-model.js';

export interface HoldoutEvaluation {
  cutoff: string;
  holdoutDays: number;
  customers: number;
  model: CustomerValueModel;
  /** Mean |predicted − actual| orders per customer in the holdout. */
  purchasesMae: number;
  /** The same for the baseline "as many orders as their calibration rate predicts" (orders / T × holdout). */
  purchasesMaeRateBaseline: number;
  meanActualPurchases: number;
  meanPredictedPurchases: number;
  /** Share of all holdout revenue spent by the top 10 % of customers by predicted CLV. */
  topDecileRevenueShareClv: number;
  /** The same for the top 10 % by RFM score (R + F + M quintile scores, ties by monetary value). */
  topDecileRevenueShareRfm: number;
}

/** Top 10 % of `ranked` (best first): their share of the total of `actual`. */
export function topDecileShare(ranked: readonly string[], actual: ReadonlyMap<string, number>): number {
  const total = [...actual.values()].reduce((s, v) => s + v, 0);
  if (total <= 0) return 0;
  const top = ranked.slice(0, Math.max(1, Math.round(ranked.length / 10)));
  return top.reduce((s, id) => s + (actual.get(id) ?? 0), 0) / total;
}

/**
 * Fits on orders up to (last order − holdoutDays), predicts the next holdoutDays for every customer who had
 * ordered by then, and scores the predictions against the holdout's orders and revenue.
 */
export function evaluateOnHoldout(
  customers: readonly CustomerOrders[],
  holdoutDays: number,
  clv: Omit<ClvOptions, 'horizonDays'>,
): HoldoutEvaluation {
  const lastMs = Math.max(...customers.map((c) => c.orders[c.orders.length - 1]?.ms ?? -Infinity));
  const cutoffMs = lastMs - holdoutDays * DAY_MS;
  const calibration = customers
    .map((c) => ({ orders: c, summary: summarizeOrders(c, cutoffMs) }))
    .filter((c) => c.summary !== null);
  if (calibration.length < 10) throw new Error(`too few customers before the holdout cutoff (${calibration.length})`);
  const summaries = calibration.map((c) => c.summary!);
  const model = fitCustomerValueModel(summaries);
  const opts = { ...clv, horizonDays: holdoutDays };
  const predictions = summaries.map((s) => predictCustomerValue(model, s, opts));
  const actualOrders = new Map<string, number>();
  const actualRevenue = new Map<string, number>();
  for (const { orders } of calibration) {
    const later = orders.orders.filter((o) => o.ms > cutoffMs);
    actualOrders.set(orders.userId, later.length);
    actualRevenue.set(
      orders.userId,
      later.reduce((s, o) => s + o.value, 0),
    );
  }
  let maeModel = 0;
  let maeRate = 0;
  let sumActual = 0;
  let sumPredicted = 0;
  summaries.forEach((s, i) => {
    const actual = actualOrders.get(s.userId)!;
    const rate = s.repeat.T > 0 ? (s.repeat.x / s.repeat.T) * holdoutDays : 0;
    maeModel += Math.abs(predictions[i].expectedPurchases - actual);
    maeRate += Math.abs(rate - actual);
    sumActual += actual;
    sumPredicted += predictions[i].expectedPurchases;
  });
  const byClv = predictions
    .map((p) => ({ id: p.userId, clv: p.clv }))
    .sort((a, b) => b.clv - a.clv)
    .map((p) => p.id);
  const { results } = computeRfm(
    summaries.map((s) => ({ userId: s.userId, recencyDays: s.recencyDays, frequency: s.orders, monetary: s.monetary })),
  );
  const byRfm = results
    .map((r) => ({ id: r.userId, score: r.r + r.f + r.m, monetary: r.monetary }))
    .sort((a, b) => b.score - a.score || b.monetary - a.monetary)
    .map((r) => r.id);
  const n = summaries.length;
  return {
    cutoff: new Date(cutoffMs).toISOString(),
    holdoutDays,
    customers: n,
    model,
    purchasesMae: maeModel / n,
    purchasesMaeRateBaseline: maeRate / n,
    meanActualPurchases: sumActual / n,
    meanPredictedPurchases: sumPredicted / n,
    topDecileRevenueShareClv: topDecileShare(byClv, actualRevenue),
    topDecileRevenueShareRfm: topDecileShare(byRfm, actualRevenue),
  };
}
