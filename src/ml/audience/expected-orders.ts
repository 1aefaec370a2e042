// Orders a customer is expected to place in the next `horizonDays`: the customer-value model's prediction
// (BG/NBD, stored for its own horizon) when the last training run made one, else the customer's observed order
// rate. Pure.

const DAY_MS = 86_400_000;

export interface StoredOrderForecast {
  /** E[orders] over `horizonDays` (customer_values.expected_purchases). */
  expectedPurchases: number;
  horizonDays: number;
}

export interface OrderHistorySummary {
  /** Distinct orders (baskets). */
  orders: number;
  /** First order (epoch ms). */
  firstMs: number;
}

/**
 * E[orders in horizonDays]. The stored forecast is rescaled linearly to the requested horizon (BG/NBD's
 * expectation is close to linear over horizons of weeks to a few months); without one, orders / days observed
 * (at least 30 days, so that a first order yesterday does not promise one a day).
 */
export function expectedOrders(
  horizonDays: number,
  forecast: StoredOrderForecast | null,
  history: OrderHistorySummary,
  nowMs: number,
): number {
  if (forecast && forecast.horizonDays > 0 && Number.isFinite(forecast.expectedPurchases)) {
    return Math.max(0, forecast.expectedPurchases) * (horizonDays / forecast.horizonDays);
  }
  if (history.orders <= 0) return 0;
  const observedDays = Math.max(30, (nowMs - history.firstMs) / DAY_MS);
  return (history.orders / observedDays) * horizonDays;
}
