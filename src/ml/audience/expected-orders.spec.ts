import { expectedOrders } from './expected-orders.js';

const DAY = 86_400_000;

describe('expectedOrders', () => {
  it('rescales the stored forecast to the requested horizon', () => {
    const forecast = { expectedPurchases: 1.2, horizonDays: 90 };
    expect(expectedOrders(30, forecast, { orders: 9, firstMs: 0 }, 100 * DAY)).toBeCloseTo(0.4, 12);
  });

  it('falls back to the observed order rate, over at least 30 days', () => {
    // 6 orders in 120 days → 0.05 a day → 1.5 in 30 days
    expect(expectedOrders(30, null, { orders: 6, firstMs: 0 }, 120 * DAY)).toBeCloseTo(1.5, 12);
    // one order 2 days ago counts as one in 30 days, not one every 2 days
    expect(expectedOrders(30, null, { orders: 1, firstMs: 98 * DAY }, 100 * DAY)).toBeCloseTo(1, 12);
    expect(expectedOrders(30, null, { orders: 0, firstMs: 0 }, 100 * DAY)).toBe(0);
  });
});
