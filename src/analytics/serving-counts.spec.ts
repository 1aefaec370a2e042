import { ServingCounts } from './serving-counts.js';

describe('ServingCounts', () => {
  it('tallies requests, cache hits and items per day and placement, and drains them once', () => {
    const c = new ServingCounts();
    c.add('2011-12-09', 'HOME', false, 10);
    c.add('2011-12-09', 'HOME', true, 10);
    c.add('2011-12-09', 'CART', true, 4);
    c.add('2011-12-10', 'HOME', false, 0);
    expect(c.drain()).toEqual([
      { day: '2011-12-09', placement: 'HOME', requests: 2, cacheHits: 1, itemsServed: 20 },
      { day: '2011-12-09', placement: 'CART', requests: 1, cacheHits: 1, itemsServed: 4 },
      { day: '2011-12-10', placement: 'HOME', requests: 1, cacheHits: 0, itemsServed: 0 },
    ]);
    expect(c.size).toBe(0);
    expect(c.drain()).toEqual([]);
  });

  it('adds restored counts (a failed write) to what came in meanwhile', () => {
    const c = new ServingCounts();
    c.add('2011-12-09', 'HOME', true, 5);
    const failed = c.drain();
    c.add('2011-12-09', 'HOME', false, 5);
    c.restore(failed);
    expect(c.drain()).toEqual([{ day: '2011-12-09', placement: 'HOME', requests: 2, cacheHits: 1, itemsServed: 10 }]);
  });
});
