import {
  meanFromSums,
  twoProportionZTest,
  welchZTest,
  wilsonInterval,
  type Interval,
  type MeanEstimate,
  type ZTest,
} from './stats.js';

// From per-variant counts to the report and its verdict. The unit of randomisation is the user, so the
// primary metric is per user (conversion = users with an attributed purchase / exposed users); CTR is per
// impression and reported for information (impressions of one user are not independent).

export interface VariantCounts {
  name: string;
  control: boolean;
  /** Distinct users exposed. */
  users: number;
  /** Items shown in exposed responses. */
  impressions: number;
  /** Distinct (response, item) pairs clicked among the items shown. */
  clicks: number;
  /** Add-to-cart events on shown items. */
  addToCarts: number;
  /** Users with at least one attributed purchase. */
  converters: number;
  /** Σ per-user attributed revenue (quantity × price) and Σ of its squares. */
  revenue: number;
  revenueSquares: number;
}

export interface VariantStats extends VariantCounts {
  ctr: number;
  ctrInterval: Interval;
  conversionRate: number;
  conversionInterval: Interval;
  revenuePerUser: MeanEstimate;
  /** Against the control (null for the control itself). */
  conversionTest: ZTest | null;
  ctrTest: ZTest | null;
  revenueTest: { z: number; pValue: number } | null;
}

export type Verdict = 'WINNER' | 'NO_DIFFERENCE_YET' | 'GUARDRAIL_BREACHED';

export interface AnalysisOptions {
  /** Family-wise significance level; each treatment-vs-control comparison uses alpha / (k − 1) (Bonferroni). */
  alpha: number;
  /** No verdict other than NO_DIFFERENCE_YET before every variant has this many users. */
  minUsersPerVariant: number;
}

export interface Analysis {
  variants: VariantStats[];
  verdict: Verdict;
  /** The winning variant, or the one that breached the guardrail. */
  verdictVariant: string | null;
  reason: string;
  /** Per-comparison significance level actually used. */
  comparisonAlpha: number;
}

export function analyseExperiment(counts: readonly VariantCounts[], options: AnalysisOptions): Analysis {
  const control = counts.find((v) => v.control);
  if (!control) throw new Error('an experiment has exactly one control');
  const comparisons = Math.max(1, counts.length - 1);
  const comparisonAlpha = options.alpha / comparisons;
  const revenueOf = (v: VariantCounts) => ({ ...meanFromSums(v.users, v.revenue, v.revenueSquares), n: v.users });
  const controlRevenue = revenueOf(control);
  const variants: VariantStats[] = counts.map((v) => {
    const isControl = v === control;
    const revenue = revenueOf(v);
    return {
      ...v,
      ctr: v.impressions > 0 ? v.clicks / v.impressions : 0,
      ctrInterval: wilsonInterval(v.clicks, v.impressions),
      conversionRate: v.users > 0 ? v.converters / v.users : 0,
      conversionInterval: wilsonInterval(v.converters, v.users),
      revenuePerUser: { mean: revenue.mean, sd: revenue.sd, interval: revenue.interval },
      conversionTest: isControl ? null : twoProportionZTest(control.converters, control.users, v.converters, v.users),
      ctrTest: isControl ? null : twoProportionZTest(control.clicks, control.impressions, v.clicks, v.impressions),
      revenueTest: isControl ? null : welchZTest(controlRevenue, revenue),
    };
  });

  const smallest = counts.reduce((min, v) => (v.users < min.users ? v : min), counts[0]);
  if (smallest.users < options.minUsersPerVariant) {
    return {
      variants,
      verdict: 'NO_DIFFERENCE_YET',
      verdictVariant: null,
      reason: `not enough data: every variant needs ${options.minUsersPerVariant} users; "${smallest.name}" has ${smallest.users}`,
      comparisonAlpha,
    };
  }
  const treatments = variants.filter((v) => v.conversionTest !== null);
  const significant = (v: VariantStats) => v.conversionTest!.pValue < comparisonAlpha;
  // Guardrail first: a treatment that converts significantly worse than the control must be stopped,
  // whatever the other treatments do.
  const worse = treatments
    .filter((v) => significant(v) && v.conversionTest!.difference < 0)
    .sort((a, b) => a.conversionTest!.difference - b.conversionTest!.difference);
  if (worse.length > 0) {
    const v = worse[0];
    return {
      variants,
      verdict: 'GUARDRAIL_BREACHED',
      verdictVariant: v.name,
      reason: `"${v.name}" converts significantly worse than the control (${pct(v.conversionRate)} vs ${pct(
        control.users > 0 ? control.converters / control.users : 0,
      )}, p = ${fmtP(v.conversionTest!.pValue)} < ${fmtP(comparisonAlpha)})`,
      comparisonAlpha,
    };
  }
  const better = treatments
    .filter((v) => significant(v) && v.conversionTest!.difference > 0)
    .sort((a, b) => b.conversionTest!.difference - a.conversionTest!.difference);
  if (better.length > 0) {
    const v = better[0];
    return {
      variants,
      verdict: 'WINNER',
      verdictVariant: v.name,
      reason: `"${v.name}" converts significantly better than the control (${pct(v.conversionRate)} vs ${pct(
        control.converters / control.users,
      )}, p = ${fmtP(v.conversionTest!.pValue)} < ${fmtP(comparisonAlpha)})`,
      comparisonAlpha,
    };
  }
  return {
    variants,
    verdict: 'NO_DIFFERENCE_YET',
    verdictVariant: null,
    reason: `no variant's conversion differs significantly from the control at p < ${fmtP(comparisonAlpha)}`,
    comparisonAlpha,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const fmtP = (p: number) => (p < 0.0001 ? p.toExponential(1) : String(Math.round(p * 10000) / 10000));
