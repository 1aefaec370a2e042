import { precisionAtN } from './audience-precision.js';
import { buyerFrequencyAudience } from './buyer-frequency-baseline.js';

describe('precisionAtN', () => {
  it('divides the buyers among the first N by N', () => {
    expect(precisionAtN(['a', 'b', 'c', 'd'], new Set(['b', 'd', 'x']), 4)).toBe(0.5);
    expect(precisionAtN(['a', 'b', 'c', 'd'], new Set(['b', 'd']), 2)).toBe(0.5);
    // a short audience is not rewarded: 1 hit out of N = 4
    expect(precisionAtN(['b'], new Set(['b']), 4)).toBe(0.25);
  });
});

describe('buyerFrequencyAudience', () => {
  it('orders by order count, ties to the smaller id, leaving out the excluded and non-buyers', () => {
    const buyers = [
      { userId: 'c', orders: 3 },
      { userId: 'a', orders: 5 },
      { userId: 'b', orders: 3 },
      { userId: 'z', orders: 0 },
      { userId: 'x', orders: 9 },
    ];
    expect(buyerFrequencyAudience(buyers, 3, new Set(['x']))).toEqual(['a', 'b', 'c']);
  });
});
