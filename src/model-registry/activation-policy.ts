import type { ModelVersionRecord } from './model-version.repository.js';

// Whether a newly registered model version replaces the serving one: the training job and the demo's first
// model both decide it here.

export const ACTIVATION_POLICIES = ['if-better', 'always', 'never'] as const;
export type ActivationPolicy = (typeof ACTIVATION_POLICIES)[number];

/** The serving version as the policy compares with it: its id and the primary metric it was measured on. */
export interface ActiveVersion {
  id: string;
  metric: string | null;
  value: number | null;
}

export function activeVersionOf(record: ModelVersionRecord | null): ActiveVersion | null {
  return (
    record && {
      id: record.id,
      metric: (record.metrics as { primaryMetric?: string }).primaryMetric ?? null,
      value: record.primaryMetric,
    }
  );
}

export interface ActivationDecision {
  activate: boolean;
  reason: string;
}

/**
 * if-better: activate only when the candidate beats the serving version on the primary metric
 * (or nothing serves yet, or the serving one was measured on another metric); always / never: as said.
 */
export function decideActivation(
  policy: ActivationPolicy,
  metric: string,
  candidate: number,
  active: ActiveVersion | null,
): ActivationDecision {
  if (policy === 'always') return { activate: true, reason: 'forced by --activate always' };
  if (policy === 'never') return { activate: false, reason: 'registered only (--activate never)' };
  if (!active) return { activate: true, reason: 'no version was active' };
  if (active.metric !== metric || active.value === null) {
    return { activate: true, reason: `active ${active.id} has no ${metric} to compare with` };
  }
  const diff = (candidate - active.value).toFixed(4);
  if (candidate > active.value) {
    return {
      activate: true,
      reason: `${metric} ${candidate.toFixed(4)} beats active ${active.id} (${active.value.toFixed(4)}, +${diff})`,
    };
  }
  return {
    activate: false,
    reason: `${metric} ${candidate.toFixed(4)} does not beat active ${active.id} (${active.value.toFixed(4)}, ${diff}); use --activate always to force`,
  };
}
