import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { canonicalJson } from './cache-keys.js';

/**
 * Every setting that changes what a recommendation list holds. They are read once at start, so a restart
 * with another value must not serve lists cached under the old one: their fingerprint is part of every
 * list's cache field. Settings changed through the API (placement and segment weights) carry their own
 * version in the field instead; a new variable that changes lists belongs here (settings-fingerprint.spec.ts
 * makes every variable of the config schema choose a side).
 */
export const LIST_SETTINGS = [
  'POPULARITY_WINDOW_DAYS',
  'DIVERSITY',
  'DIVERSITY_MMR_LAMBDA',
  'DIVERSITY_CATEGORY_CAP',
  'NEW_ITEM_SLOTS',
  'PLACEMENT_WEIGHTS',
] as const satisfies readonly (keyof AppConfig)[];

export type ListSettings = Pick<AppConfig, (typeof LIST_SETTINGS)[number]>;

/**
 * `r<rules version>.<12 hex>`: the ranking-rules version (bumped in code when ranking changes) and a digest of
 * the list settings' values. Equal settings give the same text on every instance, so instances with the same
 * configuration share cached lists.
 */
export function settingsFingerprint(settings: ListSettings, rulesVersion: number): string {
  const values = Object.fromEntries(LIST_SETTINGS.map((name) => [name, settings[name] ?? null]));
  const digest = createHash('sha1')
    .update(canonicalJson({ rulesVersion, ...values }))
    .digest('hex')
    .slice(0, 12);
  return `r${rulesVersion}.${digest}`;
}
