import { decodeLines, encodeLines } from './purchase-history.service.js';

describe('purchase history encoding', () => {
  it('round-trips purchase lines in order', () => {
    const lines = [
      { itemId: '71053', basket: '536365', ms: 1291191960000 },
      { itemId: '85123A', basket: 'event:17', ms: 1291191000000.5 },
    ];
    expect(decodeLines(encodeLines(lines))).toEqual(lines);
    expect(decodeLines(encodeLines([]))).toEqual([]);
  });

  it('decodes anything else to null, so the database is read instead', () => {
    expect(decodeLines('{"m":')).toBeNull();
    expect(decodeLines('{"items":[]}')).toBeNull();
  });
});
