import { overviewSeries } from './overview-series.js';

const quiet = { views: 0, clicks: 0, addToCarts: 0, purchases: 0, orders: 0, revenue: 0, buyers: 0 };
const exposure = { lists: 0, users: 0, impressions: 0, clicks: 0, addToCarts: 0, purchases: 0, converters: 0 };

describe('overviewSeries', () => {
  it('aligns every measure with the days, summing placements and leaving quiet days at zero', () => {
    const { total } = overviewSeries(
      ['2011-12-08', '2011-12-09'],
      [{ day: '2011-12-09', ...quiet, clicks: 3, purchases: 2, orders: 1, revenue: 12.5, buyers: 1 }],
      [
        { day: '2011-12-09', placement: 'HOME', requests: 4, cacheHits: 1, itemsServed: 40 },
        { day: '2011-12-09', placement: 'CART', requests: 4, cacheHits: 3, itemsServed: 20 },
        { day: '2011-12-10', placement: 'CART', requests: 9, cacheHits: 9, itemsServed: 90 }, // outside: ignored
      ],
      [],
    );
    expect(total.requests).toEqual([0, 8]);
    expect(total.cacheHits).toEqual([0, 4]);
    expect(total.cacheHitRatio).toEqual([null, 0.5]);
    expect(total.clicks).toEqual([0, 3]);
    expect(total.revenue).toEqual([0, 12.5]);
  });

  it('gives each placement its served counts and, from logged exposures, CTR and conversion', () => {
    const { placements } = overviewSeries(
      ['2011-12-09'],
      [],
      [{ day: '2011-12-09', placement: 'HOME', requests: 10, cacheHits: 6, itemsServed: 100 }],
      [
        {
          day: '2011-12-09',
          placement: 'HOME',
          ...exposure,
          lists: 5,
          users: 4,
          impressions: 50,
          clicks: 5,
          converters: 1,
        },
        { day: '2011-12-09', placement: 'BUY_AGAIN', ...exposure, lists: 2, users: 2 },
      ],
    );
    expect(placements.map((p) => p.placement)).toEqual(['HOME', 'BUY_AGAIN']);
    expect(placements[0]).toMatchObject({
      requests: [10],
      cacheHitRatio: [0.6],
      itemsServed: [100],
      loggedLists: [5],
      ctr: [0.1],
      conversionRate: [0.25],
    });
    // Logged lists without items: CTR 0; no served counts: no hit ratio (null, not 0).
    expect(placements[1]).toMatchObject({ requests: [0], cacheHitRatio: [null], ctr: [0], conversionRate: [0] });
  });

  it('has no rates on days without logged lists', () => {
    const { placements } = overviewSeries(
      ['2011-12-08', '2011-12-09'],
      [],
      [{ day: '2011-12-08', placement: 'CART', requests: 2, cacheHits: 0, itemsServed: 8 }],
      [],
    );
    expect(placements[0]).toMatchObject({ ctr: [null, null], conversionRate: [null, null], cacheHitRatio: [0, null] });
  });
});
