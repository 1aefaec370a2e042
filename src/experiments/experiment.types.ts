import type { PlacementName } from '../placements/placement.js';

// Plain shapes shared by the experiments repository, services and resolver.

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped', 'shipped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** source name → blend weight, as the settings service stores a placement's weights. */
export type VariantWeights = Record<string, number>;

export interface VariantDefinition {
  name: string;
  control: boolean;
  trafficShare: number;
  /** Overrides the placement's weights for users in this variant; null = the placement's own weights. */
  weights: VariantWeights | null;
  /** Serve this model version to users in this variant; null = the active version. */
  modelVersion: string | null;
}

export interface NewExperiment {
  name: string;
  placement: PlacementName;
  /** A user_segments.segment or .lifecycle value, or a customer_values.value_segment; null = everybody. */
  segment: string | null;
  variants: VariantDefinition[];
}

export interface ExperimentRecord extends NewExperiment {
  id: string;
  status: ExperimentStatus;
  createdAt: Date;
  startedAt: Date | null;
  stoppedAt: Date | null;
  shippedVariant: string | null;
  shippedAt: Date | null;
}

/**
 * What the recommendation service gets for one request (the hook's return value): the variant's weights
 * and model override the placement defaults; experimentId and variant go into the cache key and the response.
 */
export interface ExperimentAssignment {
  experimentId: string;
  variant: string;
  weights: VariantWeights | null;
  modelVersion: string | null;
}

/** One served response of an experiment: its impressions. */
export interface Exposure {
  requestId: string;
  experimentId: string;
  variant: string;
  userId: string;
  placement: string;
  itemIds: string[];
  /** The model version that served the list (null: no trained model served). */
  modelVersion: string | null;
  servedAt: Date;
}
