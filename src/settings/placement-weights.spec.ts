import { normalisationOf, parseConfiguredWeights, resolveWeights, validateWeights } from './placement-weights.js';

describe('placement weights', () => {
  const blend = [
    { name: 'popularity' as const, weight: 0.75, normalisation: 'zscore' as const },
    { name: 'repeat' as const, weight: 7.9, normalisation: 'zscore' as const },
    { name: 'collaborative' as const, weight: 5, normalisation: 'rank' as const },
  ];

  it('resolves operator > config > the artifact blend (HOME) > built-in', () => {
    expect(resolveWeights('HOME', { trending: 1 }, { popular: 1 }, blend)).toEqual({
      weights: { trending: 1 },
      origin: 'operator',
    });
    expect(resolveWeights('HOME', null, { popular: 1 }, blend)).toEqual({ weights: { popular: 1 }, origin: 'config' });
    expect(resolveWeights('HOME', null, undefined, blend)).toEqual({
      weights: { popularity: 0.75, repeat: 7.9, collaborative: 5 },
      origin: 'model',
    });
    expect(resolveWeights('HOME', null, undefined, null).origin).toBe('built-in');
    expect(resolveWeights('CART', null, undefined, blend).weights).toEqual({ sequence: 1, 'co-purchase': 1.5 });
  });

  it('keeps the fitted normalisation of a source, z-score otherwise', () => {
    expect(normalisationOf('collaborative', blend)).toBe('rank');
    expect(normalisationOf('content', blend)).toBe('zscore');
  });

  it('rejects unknown sources, bad numbers and all-zero weights, naming the problem', () => {
    expect(() => validateWeights('CART', { repeat: 1 })).toThrow(/CART has no source "repeat"/);
    expect(() => validateWeights('HOME', { repeat: -1 })).toThrow(/between 0 and 1000/);
    expect(() => validateWeights('HOME', { repeat: 0 })).toThrow(/at least one source/);
    expect(validateWeights('HOME', { repeat: 2, trending: 0 })).toEqual({ repeat: 2, trending: 0 });
  });

  it('parses PLACEMENT_WEIGHTS', () => {
    expect(parseConfiguredWeights(undefined)).toEqual({});
    expect(parseConfiguredWeights('{"CART":{"sequence":2}}')).toEqual({ CART: { sequence: 2 } });
    expect(() => parseConfiguredWeights('{"NOWHERE":{}}')).toThrow(/unknown placement/);
    expect(() => parseConfiguredWeights('nope')).toThrow(/not valid JSON/);
  });
});
