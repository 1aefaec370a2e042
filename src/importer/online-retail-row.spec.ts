import {
  checkOnlineRetailHeader,
  normaliseCustomerId,
  parseOnlineRetailRow,
  parseUkLocalTime,
} from './online-retail-row.js';

const row = (over: Record<string, string> = {}) => ({
  InvoiceNo: '536365',
  StockCode: '85123A',
  Description: 'WHITE HANGING HEART T-LIGHT HOLDER ',
  Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00',
  UnitPrice: '2.55',
  CustomerID: '17850.0',
  Country: 'United Kingdom',
  ...over,
});

describe('parseOnlineRetailRow', () => {
  it('parses a purchase line', () => {
    const r = parseOnlineRetailRow(row());
    expect(r).toEqual({
      ok: true,
      purchase: {
        invoice: '536365',
        stockCode: '85123A',
        description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: 6,
        occurredAt: new Date('2010-12-01T08:26:00Z'),
        unitPrice: 2.55,
        customerId: '17850',
        country: 'United Kingdom',
      },
    });
  });

  it.each([
    [{ InvoiceNo: 'C536379' }, 'cancellation'],
    [{ Quantity: '-1' }, 'non_positive_quantity'],
    [{ Quantity: '0' }, 'non_positive_quantity'],
    [{ CustomerID: '' }, 'missing_customer'],
    [{ StockCode: 'POST' }, 'non_product_code'],
    [{ StockCode: 'AMAZONFEE' }, 'non_product_code'],
    [{ StockCode: 'gift_0001_10' }, 'non_product_code'],
    [{ Quantity: 'six' }, 'malformed'],
    [{ UnitPrice: 'n/a' }, 'malformed'],
    [{ InvoiceDate: '2011-02-30 10:00:00' }, 'malformed'],
  ])('skips %j as %s', (over, reason) => {
    expect(parseOnlineRetailRow(row(over))).toMatchObject({ ok: false, reason });
  });

  it('keeps lower-case product suffixes and missing descriptions', () => {
    const r = parseOnlineRetailRow(row({ StockCode: '84997c', Description: '' }));
    expect(r).toMatchObject({ ok: true, purchase: { stockCode: '84997C', description: null } });
  });
});

describe('parseUkLocalTime', () => {
  it('uses GMT in winter and BST in summer', () => {
    expect(parseUkLocalTime('2011-01-10 12:00:00')?.toISOString()).toBe('2011-01-10T12:00:00.000Z');
    expect(parseUkLocalTime('2011-07-10 12:00:00')?.toISOString()).toBe('2011-07-10T11:00:00.000Z');
    // BST 2011 began on Sunday 27 March at 01:00 GMT
    expect(parseUkLocalTime('2011-03-27 00:30')?.toISOString()).toBe('2011-03-27T00:30:00.000Z');
    expect(parseUkLocalTime('2011-03-27 03:00')?.toISOString()).toBe('2011-03-27T02:00:00.000Z');
  });
  it('rejects garbage', () => {
    expect(parseUkLocalTime('yesterday')).toBeNull();
  });
});

describe('headers', () => {
  it('accepts the Online Retail header and names what a wrong one lacks', () => {
    expect(
      checkOnlineRetailHeader([
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ]),
    ).toBeNull();
    expect(checkOnlineRetailHeader(['user_id', 'item_id'])).toMatch(/lacks InvoiceNo, StockCode/);
  });
  it('normalises float customer ids', () => {
    expect(normaliseCustomerId('17850.0')).toBe('17850');
    expect(normaliseCustomerId('ABC')).toBe('ABC');
  });
});
