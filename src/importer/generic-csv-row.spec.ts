import {
  parseGenericEventRow,
  parseGenericItemRow,
  parseTimestamp,
  readEventsHeader,
  readItemsHeader,
  type CsvHeader,
} from './generic-csv-row.js';

function header(read: typeof readItemsHeader, line: string): CsvHeader {
  const h = read(line.split(','));
  if (!h.ok) throw new Error(h.message);
  return h.header;
}

describe('generic items rows', () => {
  const h = header(readItemsHeader, 'item_id,title,description,category,price,available,brand,colour');

  it('splits categories on |, reads price and availability, and keeps extra columns as attributes', () => {
    const r = parseGenericItemRow(
      ['sku-1', ' Red Mug ', 'A mug', 'kitchen| mugs |kitchen', '4.50', 'no', 'Acme', ''],
      h,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        externalId: 'sku-1',
        title: 'Red Mug',
        description: 'A mug',
        categories: ['kitchen', 'mugs'],
        price: 4.5,
        available: false,
        attributes: { brand: 'Acme' },
      },
    });
  });

  it('leaves absent optional values null so that an update keeps the stored ones', () => {
    const minimal = header(readItemsHeader, 'item_id,title');
    expect(parseGenericItemRow(['a', 'A'], minimal)).toEqual({
      ok: true,
      value: {
        externalId: 'a',
        title: 'A',
        description: null,
        categories: null,
        price: null,
        available: null,
        attributes: {},
      },
    });
  });

  it.each([
    [['', 'T', '', '', '', '', '', ''], /empty item_id/],
    [['x', '', '', '', '', '', '', ''], /empty title/],
    [['x', 'T', '', '', 'cheap', '', '', ''], /bad price "cheap"/],
    [['x', 'T', '', '', '-1', '', '', ''], /bad price "-1"/],
    [['x', 'T', '', '', '', 'maybe', '', ''], /bad available "maybe"/],
    [['x', 'T'], /expected 8 columns, got 2/],
  ])('rejects %j', (fields, message) => {
    const r = parseGenericItemRow(fields, h);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(message);
  });

  it('names what a wrong header lacks', () => {
    expect(readItemsHeader(['id', 'name'])).toEqual({
      ok: false,
      message: 'not an items file: header lacks item_id, title (got: id,name)',
    });
    expect(readItemsHeader(['item_id', 'title', 'title'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/twice/),
    });
  });
});

describe('generic events rows', () => {
  const h = header(readEventsHeader, 'user_id,item_id,event_type,timestamp,quantity,price,basket_id');

  it('reads ISO 8601 and unix-second timestamps as the same instant', () => {
    const iso = parseGenericEventRow(['u1', 'i1', 'purchase', '2024-01-02T03:04:05Z', '2', '9.99', 'b1'], h);
    const unix = parseGenericEventRow(['u1', 'i1', 'PURCHASE', '1704164645', '2', '9.99', 'b1'], h);
    const expected = {
      userId: 'u1',
      itemId: 'i1',
      type: 'purchase',
      occurredAt: new Date('2024-01-02T03:04:05Z'),
      quantity: 2,
      price: 9.99,
      basketId: 'b1',
    };
    expect(iso).toEqual({ ok: true, value: expected });
    expect(unix).toEqual({ ok: true, value: expected });
  });

  it('defaults quantity to 1 and leaves price and basket empty', () => {
    const minimal = header(readEventsHeader, 'user_id,item_id,event_type,timestamp');
    expect(parseGenericEventRow(['u', 'i', 'view', '2024-03-01'], minimal)).toEqual({
      ok: true,
      value: {
        userId: 'u',
        itemId: 'i',
        type: 'view',
        occurredAt: new Date('2024-03-01T00:00:00Z'),
        quantity: 1,
        price: null,
        basketId: null,
      },
    });
  });

  it.each([
    [['u', 'i', 'like', '1704164645', '', '', ''], /bad event_type "like"/],
    [['u', 'i', 'view', 'yesterday', '', '', ''], /bad timestamp "yesterday"/],
    [['u', 'i', 'view', '2024-02-30T10:00:00Z', '', '', ''], /bad timestamp/],
    [['u', 'i', 'view', '1704164645', '0', '', ''], /bad quantity "0"/],
    [['u', 'i', 'view', '1704164645', '1.5', '', ''], /bad quantity "1.5"/],
    [['u', 'i', 'view', '1704164645', '1', 'free', ''], /bad price "free"/],
    [['', 'i', 'view', '1704164645', '', '', ''], /empty user_id/],
    [['u', '', 'view', '1704164645', '', '', ''], /empty item_id/],
  ])('rejects %j', (fields, message) => {
    const r = parseGenericEventRow(fields, h);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(message);
  });
});

describe('parseTimestamp', () => {
  it('applies zone offsets and fractions', () => {
    expect(parseTimestamp('2024-01-02T05:04:05+02:00')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseTimestamp('2024-01-02 03:04:05.250-0130')?.toISOString()).toBe('2024-01-02T04:34:05.250Z');
    expect(parseTimestamp('1704164645.5')?.toISOString()).toBe('2024-01-02T03:04:05.500Z');
  });
  it('rejects what is neither', () => {
    for (const t of ['', '2024-13-01', '2024-01-01T25:00', 'now', '-5', '1e9']) expect(parseTimestamp(t)).toBeNull();
  });
});
