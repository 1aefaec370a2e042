import { bgNbdConditionalExpectedPurchases, type BgNbdParams } from './bg-nbd.js';
import { customerLifetimeValue } from './customer-lifetime-value.js';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const customer = { x: 2, tx: 30.43, T: 38.86 };

describe('customerLifetimeValue', () => {
  it('without discounting is the expected purchases over the horizon times the order value', () => {
    const clv = customerLifetimeValue(CDNOW, customer, 35, { horizonDays: 39, annualDiscountRate: 0, periodDays: 10 });
    expect(clv).toBeCloseTo(bgNbdConditionalExpectedPurchases(CDNOW, customer, 39) * 35, 10);
  });

  it('discounts each period at its end: one period is E[Y(t)] · v / (1 + d)^(t/365)', () => {
    const clv = customerLifetimeValue(CDNOW, customer, 10, {
      horizonDays: 365,
      annualDiscountRate: 0.1,
      periodDays: 365,
    });
    expect(clv).toBeCloseTo((bgNbdConditionalExpectedPurchases(CDNOW, customer, 365) * 10) / 1.1, 10);
    const monthly = customerLifetimeValue(CDNOW, customer, 10, {
      horizonDays: 365,
      annualDiscountRate: 0.1,
      periodDays: 30,
    });
    // Earlier purchases are discounted less: more than the year-end figure, less than undiscounted.
    expect(monthly).toBeGreaterThan(clv);
    expect(monthly).toBeLessThan(clv * 1.1);
  });

  it('rejects a non-positive horizon or period', () => {
    expect(() =>
      customerLifetimeValue(CDNOW, customer, 10, { horizonDays: 0, annualDiscountRate: 0.1, periodDays: 30 }),
    ).toThrow(RangeError);
    expect(() =>
      customerLifetimeValue(CDNOW, customer, 10, { horizonDays: 30, annualDiscountRate: 0.1, periodDays: 0 }),
    ).toThrow(RangeError);
  });
});
