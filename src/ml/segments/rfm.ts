// RFM scoring (Hughes 1994, "Strategic Database Marketing"): each customer gets a 1..5 score for
// Recency (days since the last order; fewer is better), Frequency (distinct orders) and Monetary
// value (sum of quantity × price), by quintile of the customer base; 5 is always the best fifth.
//
// Quintiles by mid-rank percentile, so that equal values always get equal scores (no arbitrary
// tie-breaking by id as with `ntile`):
//   pct(v) = (below(v) + ½·equal(v)) / n            below = customers strictly worse than v
//   score(v) = 1 + ⌊5 · pct(v)⌋                      (integer arithmetic: ⌊5·(2b + e) / 2n⌋)
// With n distinct values and n divisible by 5 every score holds exactly n/5 customers. With heavy
// ties a score can stay empty (in Online Retail a third of the customers ordered once: they all get
// F=1 and F=2 is skipped). Fewer than 5 customers still spread around the middle: one customer
// scores 3, two score 2 and 4, and a base where everybody is equal scores 3 throughout.
//
// The scores are stored as cut points (per score s = 2..5, the worst observed value that still
// earns at least s), so a single customer can be re-scored after a new purchase against the last full
// computation without re-reading everybody: for every observed value `scoreWithCutPoints` returns
// exactly the mid-rank score; an unseen value gets the score of the observed values it passes.

export interface RfmInput {
  userId: string;
  /** Whole days between the last order and the reference time (≥ 0). */
  recencyDays: number;
  /** Distinct orders (baskets). */
  frequency: number;
  /** Sum of quantity × unit price over all orders. */
  monetary: number;
}

export type RfmScore = 1 | 2 | 3 | 4 | 5;

/** Named cells of the classic R×F grid (the monetary score refines the code, not the name). */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential-loyalist',
  'new-customers',
  'promising',
  'needs-attention',
  'about-to-sleep',
  'at-risk',
  'cant-lose',
  'hibernating',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface RfmResult extends RfmInput {
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  /** R, F and M digits, e.g. "543". */
  code: string;
  segment: RfmSegment;
}

/**
 * Per score s = 2, 3, 4, 5 (index 0..3): the worst observed value whose score is at least s, or null
 * when no observed value scores s or more. "Worst" means largest for recency and smallest for frequency/monetary.
 */
export type CutPoints = [number | null, number | null, number | null, number | null];

export interface RfmCutPoints {
  recency: CutPoints;
  frequency: CutPoints;
  monetary: CutPoints;
  /** Customers the cut points were computed from. */
  users: number;
}

type Direction = 'lower-is-better' | 'higher-is-better';

/** Mid-rank quintile score of every value (same order as the input). */
export function quintileScores(values: readonly number[], direction: Direction): RfmScore[] {
  const n = values.length;
  if (n === 0) return [];
  // Sort from worst to best, so that "below" counts the strictly worse values.
  const order = values.map((_, i) => i);
  const worstFirst = direction === 'higher-is-better' ? 1 : -1;
  order.sort((a, b) => worstFirst * (values[a] - values[b]));
  const scores = new Array<RfmScore>(n);
  let below = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const equal = end - start;
    const score = Math.min(5, 1 + Math.floor((5 * (2 * below + equal)) / (2 * n))) as RfmScore;
    for (let k = start; k < end; k++) scores[order[k]] = score;
    below += equal;
    start = end;
  }
  return scores;
}

function cutPointsOf(values: readonly number[], scores: readonly RfmScore[], direction: Direction): CutPoints {
  const cuts: CutPoints = [null, null, null, null];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Every score s ≤ scores[i] (s ≥ 2) is earned by v; keep the worst such value.
    for (let s = 2; s <= scores[i]; s++) {
      const c = cuts[s - 2];
      const worse = c === null || (direction === 'higher-is-better' ? v < c : v > c);
      if (worse) cuts[s - 2] = v;
    }
  }
  return cuts;
}

/** Score of one value against stored cut points: 1 + the number of cut points it reaches. */
export function scoreWithCutPoints(value: number, cuts: CutPoints, direction: Direction): RfmScore {
  let score = 1;
  for (const c of cuts) {
    if (c === null) continue;
    if (direction === 'higher-is-better' ? value >= c : value <= c) score++;
  }
  return score as RfmScore;
}

/**
 * The classic RFM grid over R (rows) and F (columns):
 *
 *        F=1             F=2                 F=3                 F=4        F=5
 *  R=5   new-customers   potential-loyalist  potential-loyalist  champions  champions
 *  R=4   promising       potential-loyalist  potential-loyalist  loyal      loyal
 *  R=3   about-to-sleep  about-to-sleep      needs-attention     loyal      loyal
 *  R=2   hibernating     hibernating         at-risk             at-risk    cant-lose
 *  R=1   hibernating     hibernating         at-risk             at-risk    cant-lose
 */
export function rfmSegment(r: RfmScore, f: RfmScore): RfmSegment {
  if (r <= 2) return f <= 2 ? 'hibernating' : f <= 4 ? 'at-risk' : 'cant-lose';
  if (r === 3) return f <= 2 ? 'about-to-sleep' : f === 3 ? 'needs-attention' : 'loyal';
  if (f >= 4) return r === 5 ? 'champions' : 'loyal';
  if (f >= 2) return 'potential-loyalist';
  return r === 5 ? 'new-customers' : 'promising';
}

function result(input: RfmInput, r: RfmScore, f: RfmScore, m: RfmScore): RfmResult {
  return { ...input, r, f, m, code: `${r}${f}${m}`, segment: rfmSegment(r, f) };
}

/** Scores a whole customer base; returns the results (input order) and the cut points to store. */
export function computeRfm(inputs: readonly RfmInput[]): { results: RfmResult[]; cutPoints: RfmCutPoints } {
  const recency = inputs.map((u) => u.recencyDays);
  const frequency = inputs.map((u) => u.frequency);
  const monetary = inputs.map((u) => u.monetary);
  const r = quintileScores(recency, 'lower-is-better');
  const f = quintileScores(frequency, 'higher-is-better');
  const m = quintileScores(monetary, 'higher-is-better');
  return {
    results: inputs.map((u, i) => result(u, r[i], f[i], m[i])),
    cutPoints: {
      recency: cutPointsOf(recency, r, 'lower-is-better'),
      frequency: cutPointsOf(frequency, f, 'higher-is-better'),
      monetary: cutPointsOf(monetary, m, 'higher-is-better'),
      users: inputs.length,
    },
  };
}

/** Scores one customer against the cut points of the last full computation. */
export function scoreRfm(input: RfmInput, cuts: RfmCutPoints): RfmResult {
  return result(
    input,
    scoreWithCutPoints(input.recencyDays, cuts.recency, 'lower-is-better'),
    scoreWithCutPoints(input.frequency, cuts.frequency, 'higher-is-better'),
    scoreWithCutPoints(input.monetary, cuts.monetary, 'higher-is-better'),
  );
}

/** True when `value` has the shape of stored cut points (they come back from a jsonb column). */
export function isRfmCutPoints(value: unknown): value is RfmCutPoints {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const cuts = (c: unknown) =>
    Array.isArray(c) && c.length === 4 && c.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x)));
  return cuts(v.recency) && cuts(v.frequency) && cuts(v.monetary) && typeof v.users === 'number';
}
