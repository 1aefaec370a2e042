import { DomainError } from '../common/errors/domain-error.js';
import { MAX_SOURCE_LENGTH, parseSource } from './personalization-preference.js';

describe('parseSource', () => {
  it('accepts short plain names, trimmed', () => {
    expect(parseSource(' storefront-settings ')).toBe('storefront-settings');
    expect(parseSource('support:ticket_42.v2')).toBe('support:ticket_42.v2');
    expect(parseSource('x'.repeat(MAX_SOURCE_LENGTH))).toHaveLength(MAX_SOURCE_LENGTH);
  });

  it('rejects blank, long, spaced, punctuated-first or non-string sources as BAD_USER_INPUT', () => {
    for (const bad of ['', '  ', 'x'.repeat(MAX_SOURCE_LENGTH + 1), 'has space', '-dash-first', 'a\nb', 'é', 42]) {
      let error: unknown;
      try {
        parseSource(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    }
  });
});
