import { badInput } from '../common/errors/domain-error.js';
import { PLACEMENTS, type PlacementName } from '../placements/placement.js';
import { validateWeights } from '../settings/placement-weights.js';
import type { NewExperiment, VariantDefinition, VariantWeights } from './experiment.types.js';
import { isSegmentTarget, SEGMENT_TARGETS } from '../ml/segments/segment-target.js';

/** What createExperiment receives (GraphQL input shape, before validation). */
export interface RawExperimentInput {
  name: string;
  placement: string;
  segment?: string | null;
  variants: {
    name: string;
    trafficShare: number;
    control?: boolean | null;
    weights?: unknown;
    modelVersion?: string | null;
  }[];
}

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 10;
/** Shares are decimals typed by people: 0.333 + 0.333 + 0.334 must pass, 0.5 + 0.4 must not. */
export const SHARE_TOLERANCE = 1e-6;
// Variant names end up in cache keys and reports: keep them to a safe alphabet.
const VARIANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Validates and normalises a new experiment; throws BAD_USER_INPUT naming the field. */
export function validateExperimentInput(raw: RawExperimentInput): NewExperiment {
  const fail = (field: string, message: string) =>
    badInput(`input.${field} ${message}`, { argument: `input.${field}` });
  const name = String(raw.name ?? '').trim();
  if (name.length === 0 || name.length > 200) throw fail('name', 'must be 1 to 200 characters');
  if (!(PLACEMENTS as readonly string[]).includes(raw.placement)) {
    throw fail('placement', `must be one of ${PLACEMENTS.join(', ')} (got "${raw.placement}")`);
  }
  const placement = raw.placement as PlacementName;
  let segment: string | null = null;
  if (raw.segment !== null && raw.segment !== undefined) {
    segment = String(raw.segment).trim();
    if (!isSegmentTarget(segment))
      throw fail('segment', `must be one of ${SEGMENT_TARGETS.join(', ')} (got "${segment}")`);
  }
  const rawVariants = raw.variants ?? [];
  if (rawVariants.length < MIN_VARIANTS || rawVariants.length > MAX_VARIANTS) {
    throw fail('variants', `must list ${MIN_VARIANTS} to ${MAX_VARIANTS} variants (got ${rawVariants.length})`);
  }
  const seen = new Set<string>();
  const variants: VariantDefinition[] = rawVariants.map((v, i) => {
    const at = `variants[${i}].`;
    const vname = String(v.name ?? '').trim();
    if (!VARIANT_NAME.test(vname)) throw fail(`${at}name`, 'must be 1 to 64 letters, digits, "-" or "_"');
    if (seen.has(vname)) throw fail(`${at}name`, `"${vname}" is used twice`);
    seen.add(vname);
    if (
      typeof v.trafficShare !== 'number' ||
      !Number.isFinite(v.trafficShare) ||
      v.trafficShare <= 0 ||
      v.trafficShare > 1
    ) {
      throw fail(`${at}trafficShare`, 'must be a number in (0, 1]');
    }
    let weights: VariantWeights | null = null;
    if (v.weights !== null && v.weights !== undefined) {
      if (typeof v.weights !== 'object' || Array.isArray(v.weights)) {
        throw fail(`${at}weights`, 'must be a JSON object of source → weight, e.g. {"popular": 1, "trending": 0.5}');
      }
      try {
        // The settings service's own rules: known sources of the placement, finite ≥ 0, one > 0.
        weights = validateWeights(placement, v.weights as VariantWeights);
      } catch (e) {
        throw fail(`${at}weights`, `invalid: ${(e as Error).message}`);
      }
    }
    let modelVersion: string | null = null;
    if (v.modelVersion !== null && v.modelVersion !== undefined) {
      modelVersion = String(v.modelVersion).trim();
      if (modelVersion.length === 0 || modelVersion.length > 200)
        throw fail(`${at}modelVersion`, 'must be 1 to 200 characters');
    }
    return { name: vname, control: v.control === true, trafficShare: v.trafficShare, weights, modelVersion };
  });
  const controls = variants.filter((v) => v.control).length;
  if (controls !== 1) throw fail('variants', `must have exactly one control variant (got ${controls})`);
  const total = variants.reduce((s, v) => s + v.trafficShare, 0);
  if (Math.abs(total - 1) > SHARE_TOLERANCE) {
    throw fail('variants', `traffic shares must sum to 1 (got ${Math.round(total * 1e6) / 1e6})`);
  }
  return { name, placement, segment, variants };
}
