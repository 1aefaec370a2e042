import { validateContactCap, type ContactCap } from '../ml/segments/contact-frequency.js';
import type { PlacementName } from '../placements/placement.js';
import { parsePlacementJson } from '../config/placement-json.js';

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
  return parsePlacementJson('CONTACT_CAPS', json, (placement, cap) => {
    try {
      return checkContactCap(cap as ContactCap);
    } catch (e) {
      throw new Error(`CONTACT_CAPS.${placement}: ${(e as Error).message}`, { cause: e });
    }
  });
}
