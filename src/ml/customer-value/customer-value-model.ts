// The fitted customer-value model (BG/NBD + Gamma–Gamma) and what it predicts for one customer.
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive, fitBgNbd, type BgNbdParams } from './bg-nbd.js';
import { customerLifetimeValue, type ClvOptions } from './customer-lifetime-value.js';
import type { CustomerSummary } from './customer-orders.js';
import { fitGammaGamma, gammaGammaExpectedValue, type GammaGammaParams } from './gamma-gamma.js';

export interface CustomerValueModel {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
}

export interface CustomerValuePrediction {
  userId: string;
  /** P(the customer is still active). */
  probabilityAlive: number;
  /** Expected orders within the horizon. */
  expectedPurchases: number;
  /** Expected value of one order. */
  expectedOrderValue: number;
  /** Discounted value of the expected orders within the horizon. */
  clv: number;
}

export function fitCustomerValueModel(customers: readonly CustomerSummary[]): CustomerValueModel {
  return {
    bgNbd: fitBgNbd(customers.map((c) => c.repeat)).params,
    gammaGamma: fitGammaGamma(customers.map((c) => c.spend)).params,
  };
}

export function predictCustomerValue(
  model: CustomerValueModel,
  c: CustomerSummary,
  clv: ClvOptions,
): CustomerValuePrediction {
  const expectedOrderValue = gammaGammaExpectedValue(model.gammaGamma, c.spend);
  return {
    userId: c.userId,
    probabilityAlive: bgNbdProbabilityAlive(model.bgNbd, c.repeat),
    expectedPurchases: bgNbdConditionalExpectedPurchases(model.bgNbd, c.repeat, clv.horizonDays),
    expectedOrderValue,
    clv: customerLifetimeValue(model.bgNbd, c.repeat, expectedOrderValue, clv),
  };
}
