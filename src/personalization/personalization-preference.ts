import { badInput } from '../common/errors/domain-error.js';

/** A customer's personalisation switch as the API shows it. */
export interface PersonalizationPreference {
  userId: string;
  /** False once the customer has refused personalisation. */
  personalized: boolean;
  /** When the switch was last changed; null when it never was (the default, personalised). */
  changedAt: Date | null;
  /** What changed it last (e.g. "storefront-settings", "support", "cli"); null when it never was changed. */
  source: string | null;
}

export const MAX_SOURCE_LENGTH = 64;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** The channel a change came through: a short name recorded with it, so it must be plain. */
export function parseSource(raw: unknown): string {
  if (typeof raw !== 'string') throw badInput('source must be a string', { argument: 'source' });
  const source = raw.trim();
  if (source.length === 0 || source.length > MAX_SOURCE_LENGTH || !SOURCE.test(source)) {
    throw badInput(
      `source must be 1 to ${MAX_SOURCE_LENGTH} letters, digits or . _ : - (starting with a letter or digit), got "${source.slice(0, MAX_SOURCE_LENGTH)}"`,
      { argument: 'source' },
    );
  }
  return source;
}
