import { LIFECYCLE_STAGES } from './lifecycle.js';
import { RFM_SEGMENTS } from './rfm.js';

/** Where a customer stands: the RFM segment name and the lifecycle stage (null while not computed). */
export interface SegmentMembership {
  segment: string | null;
  lifecycle: string | null;
}

/** What weights or experiments may target: an RFM segment name or a lifecycle stage ("at-risk" is both). */
export const SEGMENT_TARGETS: readonly string[] = [...new Set<string>([...RFM_SEGMENTS, ...LIFECYCLE_STAGES])];

export function isSegmentTarget(value: string): boolean {
  return SEGMENT_TARGETS.includes(value);
}

/**
 * The first target a customer matches, in the order of preference: the RFM segment (the finer grouping) before
 * the lifecycle stage. `has` tells which targets have a setting.
 */
export function matchSegmentTarget(
  membership: SegmentMembership | null,
  has: (target: string) => boolean,
): string | null {
  if (!membership) return null;
  if (membership.segment !== null && has(membership.segment)) return membership.segment;
  if (membership.lifecycle !== null && has(membership.lifecycle)) return membership.lifecycle;
  return null;
}
