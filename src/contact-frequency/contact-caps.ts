import { validateContactCap, type ContactCap } from '../ml/segments/contact-frequency.js';
import { PLACEMENTS, type PlacementName } from '../recommendations/ranking/placement-plan.js';

/** Longest window a cap may have: impressions are kept that long. */
export const MAX_CAP_WINDOW_HOURS = 24 * 90;
/** Largest impression count a cap may allow. */
export const MAX_CAP_IMPRESSIONS = 1000;

/** A cap checked against the pure rule's bounds and the storage limits; throws with a message. */
export function checkContactCap(cap: ContactCap): ContactCap {
  validateContactCap(cap);
  if (cap.maxImpressions > MAX_CAP_IMPRESSIONS) {
    throw new RangeError(`maxImpressions must be at most ${MAX_CAP_IMPRESSIONS}, got ${cap.maxImpressions}`);
  }
  if (cap.windowHours > MAX_CAP_WINDOW_HOURS) {
    throw new RangeError(`windowHours must be at most ${MAX_CAP_WINDOW_HOURS} (90 days), got ${cap.windowHours}`);
  }
  return { maxImpressions: cap.maxImpressions, windowHours: cap.windowHours };
}

/** Parses CONTACT_CAPS, e.g. `{"HOME":{"maxImpressions":3,"windowHours":24}}`; throws naming the problem. */
export function parseConfiguredCaps(json: string | undefined): Partial<Record<PlacementName, ContactCap>> {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('CONTACT_CAPS is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('CONTACT_CAPS must be a JSON object');
  const out: Partial<Record<PlacementName, ContactCap>> = {};
  for (const [placement, cap] of Object.entries(raw as Record<string, unknown>)) {
    if (!PLACEMENTS.includes(placement as PlacementName)) {
      throw new Error(`CONTACT_CAPS: unknown placement "${placement}" (one of: ${PLACEMENTS.join(', ')})`);
    }
    if (typeof cap !== 'object' || cap === null) throw new Error(`CONTACT_CAPS.${placement} must be an object`);
    try {
      out[placement as PlacementName] = checkContactCap(cap as ContactCap);
    } catch (e) {
      throw new Error(`CONTACT_CAPS.${placement}: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
