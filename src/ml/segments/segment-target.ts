import { LIFECYCLE_STAGES } from './lifecycle.js';
import { RFM_SEGMENTS } from './rfm.js';
import { VALUE_SEGMENTS } from './value-segment.js';

/**
 * Where a customer stands: the RFM segment name, the lifecycle stage (null while not computed) and the value
 * segment (null outside one, before a training run, or for a customer who refused personalisation).
 */
export interface SegmentMembership {
  segment: string | null;
  lifecycle: string | null;
  valueSegment: string | null;
}

/**
 * What weights, experiments and exports may target: an RFM segment name, a lifecycle stage ("at-risk" is both) or a
 * value segment.
 */
export const SEGMENT_TARGETS: readonly string[] = [
  ...new Set<string>([...RFM_SEGMENTS, ...LIFECYCLE_STAGES, ...VALUE_SEGMENTS]),
];

export function isSegmentTarget(value: string): boolean {
  return SEGMENT_TARGETS.includes(value);
}

/**
 * The first target a customer matches, in the order of preference: the value segment (a deliberate marketing
 * target, narrower than any RFM cell), then the RFM segment (the finer grouping) before the lifecycle stage. `has`
 * tells which targets have a setting.
 */
export function matchSegmentTarget(
  membership: SegmentMembership | null,
  has: (target: string) => boolean,
): string | null {
  if (!membership) return null;
  if (membership.valueSegment !== null && has(membership.valueSegment)) return membership.valueSegment;
  if (membership.segment !== null && has(membership.segment)) return membership.segment;
  if (membership.lifecycle !== null && has(membership.lifecycle)) return membership.lifecycle;
  return null;
}
