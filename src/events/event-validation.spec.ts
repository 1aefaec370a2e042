import { MAX_FUTURE_SKEW_MS, validateEvent, type RawEvent } from './event-validation.js';

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);
const raw = (over: Partial<RawEvent> = {}): RawEvent => ({
  eventId: ' e1 ',
  userId: 'u1',
  itemId: 'i1',
  type: 'PURCHASE',
  ...over,
});

describe('validateEvent', () => {
  it('trims ids, lower-cases the type, applies defaults', () => {
    expect(validateEvent(raw(), NOW)).toEqual({
      eventKey: 'e1',
      userId: 'u1',
      itemId: 'i1',
      type: 'purchase',
      quantity: 1,
      price: null,
      basketId: null,
      occurredAt: new Date(NOW),
      requestId: null,
    });
  });

  it('accepts a full event', () => {
    const e = validateEvent(
      raw({ quantity: 3, price: 0, basketId: 'o-1', occurredAt: '2023-12-31T23:00:00+01:00', requestId: 'r' }),
      NOW,
    );
    expect(e).toMatchObject({ quantity: 3, price: 0, basketId: 'o-1', requestId: 'r' });
    expect(e.occurredAt.toISOString()).toBe('2023-12-31T22:00:00.000Z');
  });

  it('accepts small clock skew but not an absurd future', () => {
    const soon = new Date(NOW + MAX_FUTURE_SKEW_MS).toISOString();
    expect(validateEvent(raw({ occurredAt: soon }), NOW).occurredAt.toISOString()).toBe(soon);
    const late = new Date(NOW + MAX_FUTURE_SKEW_MS + 1000).toISOString();
    expect(() => validateEvent(raw({ occurredAt: late }), NOW)).toThrow(/input\.occurredAt is in the future/);
  });

  it.each([
    [{ type: 'teleport' }, /input\.type must be one of view, click, add_to_cart, purchase/],
    [{ quantity: 0 }, /input\.quantity must be an integer/],
    [{ quantity: 1.5 }, /input\.quantity must be an integer/],
    [{ quantity: 2_000_000 }, /input\.quantity must be an integer/],
    [{ price: -0.01 }, /input\.price must be a finite number/],
    [{ price: Number.POSITIVE_INFINITY }, /input\.price must be a finite number/],
    [{ occurredAt: 'yesterday' }, /input\.occurredAt must be an ISO 8601/],
    [{ occurredAt: '2023-12-31 10:00:00' }, /input\.occurredAt must be an ISO 8601/],
    [{ occurredAt: '2023-02-30T10:00:00Z' }, /input\.occurredAt/],
    [{ occurredAt: '1969-12-31T23:59:59Z' }, /before 1970/],
    [{ eventId: '' }, /input\.eventId must not be empty/],
    [{ userId: 'x'.repeat(257) }, /input\.userId is longer than 256/],
    [{ itemId: 'a\u0000b' }, /input\.itemId contains control characters/],
    [{ basketId: '  ' }, /input\.basketId must not be empty/],
  ])('rejects %j as BAD_USER_INPUT', (over, message) => {
    try {
      validateEvent(raw(over as Partial<RawEvent>), NOW);
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as { code?: string }).code).toBe('BAD_USER_INPUT');
      expect((e as Error).message).toMatch(message);
    }
  });

  it('names the batch index in messages', () => {
    expect(() => validateEvent(raw({ quantity: -1 }), NOW, 'inputs[7].')).toThrow(/^inputs\[7\]\.quantity/);
  });
});
