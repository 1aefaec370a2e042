import { PLACEMENTS, type PlacementName } from '../placements/placement.js';

/**
 * Parses a configuration variable holding a JSON object keyed by placement, each value an object
 * (PLACEMENT_WEIGHTS, CONTACT_CAPS); `parse` validates one value. Throws naming the variable and the problem.
 */
export function parsePlacementJson<T>(
  name: string,
  json: string | undefined,
  parse: (placement: PlacementName, value: object) => T,
): Partial<Record<PlacementName, T>> {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${name} must be a JSON object`);
  const out: Partial<Record<PlacementName, T>> = {};
  for (const [placement, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!PLACEMENTS.includes(placement as PlacementName)) {
      throw new Error(`${name}: unknown placement "${placement}" (one of: ${PLACEMENTS.join(', ')})`);
    }
    if (typeof value !== 'object' || value === null) throw new Error(`${name}.${placement} must be an object`);
    out[placement as PlacementName] = parse(placement as PlacementName, value);
  }
  return out;
}
