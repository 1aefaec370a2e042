// Value segments: customers grouped by what the customer-value model predicts (src/ml/customer-value), as targets
// for weights, experiments and exports beside the RFM segments and lifecycle stages. The thresholds are quantiles
// of this run's customers, not fixed amounts, so they follow the shop's currency and scale:
//   value tier  high   : predicted CLV ≥ its 90th percentile (the top decile)
//               medium : predicted CLV ≥ its median
//               low    : the rest
//   at risk            : P(alive) ≤ its 20th percentile and < 1 (BG/NBD gives P(alive) = 1 to a customer without
//                        repeat orders: nothing to lose yet)
//   high-value-at-risk : at risk and past spend ≥ its 80th percentile (a valuable customer slipping away:
//                        win-back; predicted CLV is low for them by construction, so past spend tells the value)
//   high-value         : value tier high and not at risk
// Percentiles interpolate between closest ranks (`percentile`, as PostgreSQL's percentile_cont).
import { percentile } from './lifecycle.js';

export const VALUE_SEGMENTS = ['high-value', 'high-value-at-risk'] as const;
export type ValueSegment = (typeof VALUE_SEGMENTS)[number];

export const VALUE_TIERS = ['high', 'medium', 'low'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

/** Quantile levels the thresholds are fitted at. */
export interface ValueSegmentLevels {
  highValue: number;
  mediumValue: number;
  risk: number;
  highPastValue: number;
}

export const DEFAULT_VALUE_SEGMENT_LEVELS: ValueSegmentLevels = {
  highValue: 0.9,
  mediumValue: 0.5,
  risk: 0.2,
  highPastValue: 0.8,
};

/** The fitted thresholds (stored with the run, shown in the report). */
export interface ValueCutPoints {
  highClv: number;
  mediumClv: number;
  riskProbabilityAlive: number;
  highPastValue: number;
}

export interface ValueInput {
  clv: number;
  probabilityAlive: number;
  /** Σ order value so far. */
  pastValue: number;
}

export interface ValueClass {
  valueTier: ValueTier;
  atRisk: boolean;
  valueSegment: ValueSegment | null;
}

/** What a run's value segments came out as: the thresholds, each segment's size and the customers at risk. */
export interface ValueSegmentSummary {
  cutPoints: ValueCutPoints;
  sizes: { segment: ValueSegment; customers: number }[];
  atRisk: number;
}

export function summarizeValueSegments(classes: readonly ValueClass[], cutPoints: ValueCutPoints): ValueSegmentSummary {
  return {
    cutPoints,
    sizes: VALUE_SEGMENTS.map((segment) => ({
      segment,
      customers: classes.filter((c) => c.valueSegment === segment).length,
    })),
    atRisk: classes.filter((c) => c.atRisk).length,
  };
}

const sortedOf = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

export function fitValueCutPoints(
  customers: readonly ValueInput[],
  levels: ValueSegmentLevels = DEFAULT_VALUE_SEGMENT_LEVELS,
): ValueCutPoints {
  if (customers.length === 0) throw new RangeError('value segments: no customers');
  const clv = sortedOf(customers.map((c) => c.clv));
  return {
    highClv: percentile(clv, levels.highValue),
    mediumClv: percentile(clv, levels.mediumValue),
    riskProbabilityAlive: percentile(sortedOf(customers.map((c) => c.probabilityAlive)), levels.risk),
    highPastValue: percentile(sortedOf(customers.map((c) => c.pastValue)), levels.highPastValue),
  };
}

export function classifyValue(c: ValueInput, cuts: ValueCutPoints): ValueClass {
  const valueTier: ValueTier = c.clv >= cuts.highClv ? 'high' : c.clv >= cuts.mediumClv ? 'medium' : 'low';
  const atRisk = c.probabilityAlive < 1 && c.probabilityAlive <= cuts.riskProbabilityAlive;
  let valueSegment: ValueSegment | null = null;
  if (atRisk && c.pastValue >= cuts.highPastValue) valueSegment = 'high-value-at-risk';
  else if (valueTier === 'high' && !atRisk) valueSegment = 'high-value';
  return { valueTier, atRisk, valueSegment };
}
