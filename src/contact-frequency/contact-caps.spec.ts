import { checkContactCap, parseConfiguredCaps } from './contact-caps.js';

describe('contact caps (config and bounds)', () => {
  it('parses CONTACT_CAPS per placement', () => {
    expect(parseConfiguredCaps(undefined)).toEqual({});
    expect(
      parseConfiguredCaps(
        '{"HOME":{"maxImpressions":3,"windowHours":24},"CART":{"maxImpressions":1,"windowHours":0.5}}',
      ),
    ).toEqual({
      HOME: { maxImpressions: 3, windowHours: 24 },
      CART: { maxImpressions: 1, windowHours: 0.5 },
    });
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"CHECKOUT":{"maxImpressions":1,"windowHours":1}}', /unknown placement "CHECKOUT"/],
    ['{"HOME":3}', /CONTACT_CAPS.HOME must be an object/],
    ['{"HOME":{"maxImpressions":0,"windowHours":1}}', /CONTACT_CAPS.HOME: maxImpressions must be an integer ≥ 1/],
    ['{"HOME":{"maxImpressions":2,"windowHours":-1}}', /windowHours must be a positive number/],
    ['{"HOME":{"maxImpressions":2,"windowHours":10000}}', /at most 2160/],
  ])('rejects %s', (json, message) => {
    expect(() => parseConfiguredCaps(json)).toThrow(message);
  });

  it('bounds what storage must keep and drops extra properties', () => {
    expect(() => checkContactCap({ maxImpressions: 1001, windowHours: 1 })).toThrow(/at most 1000/);
    expect(checkContactCap({ maxImpressions: 2, windowHours: 1, extra: 1 } as never)).toEqual({
      maxImpressions: 2,
      windowHours: 1,
    });
  });
});
