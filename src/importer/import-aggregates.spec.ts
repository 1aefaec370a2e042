import { genericEventHash, genericEventKey, GroupedOccurrenceCounter, onlineRetailEventKey } from './event-key.js';
import { RetailItemCatalog, UserWindows } from './import-aggregates.js';
import { formatImportSummary, SkipTally } from './import-summary.js';

const at = (iso: string) => new Date(iso);

describe('RetailItemCatalog', () => {
  it('takes the most recent non-empty description and the most recent positive price', () => {
    const c = new RetailItemCatalog();
    c.observe('22423', 'REGENCY CAKESTAND 3 TIER', 12.75, at('2011-01-05T10:00:00Z'));
    c.observe('22423', null, 10.95, at('2011-03-01T10:00:00Z'));
    c.observe('22423', 'OLD NAME', 11.0, at('2010-12-01T10:00:00Z')); // older row later in the file
    c.observe('22423', 'REGENCY CAKESTAND 3 TIER', 0, at('2011-04-01T10:00:00Z')); // free line
    expect(c.current('22423')).toEqual({ title: 'REGENCY CAKESTAND 3 TIER', price: 10.95 });
  });

  it('lets the later row win a tie, and titles an item without description by its code', () => {
    const c = new RetailItemCatalog();
    c.observe('85123A', 'FIRST', 2.55, at('2010-12-01T08:26:00Z'));
    c.observe('85123A', 'SECOND', 2.95, at('2010-12-01T08:26:00Z'));
    c.observe('84952C', null, 0, at('2010-12-02T14:43:00Z'));
    expect(c.current('85123A')).toEqual({ title: 'SECOND', price: 2.95 });
    expect(c.current('84952C')).toEqual({ title: '84952C', price: 0 });
  });
});

describe('UserWindows', () => {
  it('keeps the first and last time seen, whatever the order', () => {
    const u = new UserWindows();
    u.observe('17850', at('2011-02-01T00:00:00Z'));
    u.observe('17850', at('2010-12-01T00:00:00Z'));
    u.observe('17850', at('2011-05-01T00:00:00Z'));
    expect(u.window('17850')).toEqual({
      firstSeenAt: at('2010-12-01T00:00:00Z'),
      lastSeenAt: at('2011-05-01T00:00:00Z'),
    });
  });
});

describe('event keys', () => {
  it('numbers repeated codes within an invoice, also when the invoice comes back later', () => {
    const c = new GroupedOccurrenceCounter();
    const seq = [
      ['536365', '85123A'],
      ['536365', '71053'],
      ['536365', '85123A'],
      ['536366', '85123A'],
      ['536365', '85123A'],
    ].map(([inv, code]) => onlineRetailEventKey(inv, code, c.next(inv, code)));
    expect(seq).toEqual([
      'or:536365:85123A:1',
      'or:536365:71053:1',
      'or:536365:85123A:2',
      'or:536366:85123A:1',
      'or:536365:85123A:3',
    ]);
  });

  it('hashes the parsed fields of a generic event', () => {
    const e = {
      userId: 'u',
      itemId: 'i',
      type: 'view' as const,
      occurredAt: at('2024-01-01T00:00:00Z'),
      quantity: 1,
      price: null,
      basketId: null,
    };
    expect(genericEventHash(e)).toBe(genericEventHash({ ...e }));
    expect(genericEventHash(e)).not.toBe(genericEventHash({ ...e, quantity: 2 }));
    expect(genericEventKey(genericEventHash(e), 2)).toMatch(/^csv:[A-Za-z0-9_-]{27}:2$/);
  });
});

describe('formatImportSummary', () => {
  it('lists counts, skip reasons (largest first) and the first malformed rows', () => {
    const t = new SkipTally();
    t.add('cancellation', 3);
    t.add('missing_customer', 10);
    t.malformed('f.csv', 7, 'bad Quantity "x"');
    const text = formatImportSummary({
      rowsRead: 20,
      imported: 6,
      skipped: t.counts,
      items: 2,
      users: 1,
      seconds: 2,
      malformedSamples: t.samples,
    });
    expect(text).toBe(
      [
        'rows read:  20',
        'imported:   6',
        'skipped:    14',
        '  missing_customer  10',
        '  cancellation      3',
        '  malformed         1',
        'items:      2',
        'users:      1',
        'time:       2.0 s (10 rows/s)',
        'rows skipped with a reason to show (first 1):',
        '  f.csv:7: bad Quantity "x"',
      ].join('\n'),
    );
  });
});
