import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises refused connections, pool and query timeouts, cancelled statements and lost connections', () => {
    for (const e of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      new Error('Connection terminated unexpectedly'),
      new QueryFailedError('SELECT 1', [], withCode('57014', 'canceling statement due to statement timeout')),
      withCode('08006'),
      withCode('57P01'),
    ]) {
      expect(isDatabaseUnavailable(e)).toBe(true);
    }
  });

  it('leaves bugs and bad data alone', () => {
    for (const e of [
      new Error('Cannot read properties of undefined'),
      new QueryFailedError('SELECT', [], withCode('42P01', 'relation "x" does not exist')),
      withCode('23505'),
      withCode('28P01', 'password authentication failed'),
      undefined,
      'text',
    ]) {
      expect(isDatabaseUnavailable(e)).toBe(false);
    }
  });
});
