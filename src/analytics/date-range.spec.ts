import { daysOf, parseDay, rangeEnd, resolveRange } from './date-range.js';

describe('date ranges of the analytics queries', () => {
  it('parses real calendar days only', () => {
    expect(parseDay('2011-12-09', 'from')).toBe(Date.UTC(2011, 11, 9));
    expect(() => parseDay('2011-02-30', 'from')).toThrow(/from must be a date/);
    expect(() => parseDay('09/12/2011', 'to')).toThrow(/to must be a date/);
    expect(() => parseDay('2011-12-9', 'to')).toThrow(/YYYY-MM-DD/);
  });

  it('defaults to a span ending at the newest day with activity', () => {
    expect(resolveRange(null, null, '2011-12-09', 30)).toEqual({ from: '2011-11-10', to: '2011-12-09' });
    expect(resolveRange('2011-01-01', null, '2011-12-09', 7)).toEqual({ from: '2011-01-01', to: '2011-01-07' });
    expect(resolveRange(null, '2011-03-01', '2011-12-09', 2)).toEqual({ from: '2011-02-28', to: '2011-03-01' });
    expect(resolveRange('2011-03-01', '2011-03-01', '2011-12-09', 30)).toEqual({
      from: '2011-03-01',
      to: '2011-03-01',
    });
  });

  it('refuses reversed and over-long ranges', () => {
    expect(() => resolveRange('2011-03-02', '2011-03-01', '2011-12-09', 30)).toThrow(/after/);
    expect(() => resolveRange('2010-01-01', '2011-01-02', '2011-12-09', 30)).toThrow(/367 days; at most 366/);
    expect(resolveRange('2011-01-01', '2012-01-01', '2011-12-09', 30).to).toBe('2012-01-01'); // 366 days
  });

  it('lists every day across a month end and gives the exclusive end', () => {
    const range = { from: '2011-02-27', to: '2011-03-02' };
    expect(daysOf(range)).toEqual(['2011-02-27', '2011-02-28', '2011-03-01', '2011-03-02']);
    expect(rangeEnd(range).toISOString()).toBe('2011-03-03T00:00:00.000Z');
  });
});
