// Customer lifetime value from the BG/NBD purchase forecast and the Gamma–Gamma order value (Fader, Hardie &
// Lee 2005, "RFM and CLV"): the expected value of each future period, discounted to today.
import { bgNbdConditionalExpectedPurchases, type BgNbdParams, type RepeatSummary } from './bg-nbd.js';

export interface ClvOptions {
  /** How far ahead, in days. */
  horizonDays: number;
  /** Yearly discount rate (0.1 = 10 %), applied per period as (1 + rate)^(period end / 365). */
  annualDiscountRate: number;
  /** Length of one discounting period in days (30: monthly). */
  periodDays: number;
}

export const DEFAULT_CLV_OPTIONS: ClvOptions = { horizonDays: 365, annualDiscountRate: 0.1, periodDays: 30 };

/**
 * CLV = E[order value] · Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)]) / (1 + d)^(tₖ / 365), tₖ = min(k · period, horizon):
 * the purchases expected in each period, valued and discounted at the period's end.
 */
export function customerLifetimeValue(
  params: BgNbdParams,
  customer: RepeatSummary,
  expectedOrderValue: number,
  opts: ClvOptions = DEFAULT_CLV_OPTIONS,
): number {
  if (!(opts.horizonDays > 0) || !(opts.periodDays > 0) || !(opts.annualDiscountRate > -1)) {
    throw new RangeError('CLV: horizonDays and periodDays must be > 0 and the discount rate > -1');
  }
  let value = 0;
  let before = 0;
  for (let end = 0; end < opts.horizonDays;) {
    end = Math.min(end + opts.periodDays, opts.horizonDays);
    const upTo = bgNbdConditionalExpectedPurchases(params, customer, end);
    value += (upTo - before) / Math.pow(1 + opts.annualDiscountRate, end / 365);
    before = upTo;
  }
  return value * expectedOrderValue;
}
