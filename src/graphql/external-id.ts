import { badInput } from '../common/errors/domain-error.js';

/** Longest external id (user, item, event) the API accepts. */
export const MAX_EXTERNAL_ID_LENGTH = 256;

// Control characters have no business in ids and would make logs and cache keys ambiguous.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Trims and checks a storefront id; throws BAD_USER_INPUT naming the argument. */
export function parseExternalId(raw: unknown, name: string): string {
  if (typeof raw !== 'string') throw badInput(`${name} must be a string`, { argument: name });
  const id = raw.trim();
  if (id.length === 0) throw badInput(`${name} must not be empty`, { argument: name });
  if (id.length > MAX_EXTERNAL_ID_LENGTH) {
    throw badInput(`${name} is longer than ${MAX_EXTERNAL_ID_LENGTH} characters`, { argument: name });
  }
  if (CONTROL.test(id)) throw badInput(`${name} contains control characters`, { argument: name });
  return id;
}
