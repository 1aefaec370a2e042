// BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing:
// Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2).
// While active, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each repeat purchase they
// become inactive with probability p ~ Beta(a, b). Time is in days throughout Tailor.
import { hyp2f1, logGamma, logSumExp } from './special-functions.js';
import { minimize } from './nelder-mead.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer's calibration summary: x repeat purchases, the last at t_x, observed for T since the first. */
export interface RepeatSummary {
  /** Repeat purchases (orders after the first). */
  x: number;
  /** Time of the last purchase since the first (0 when x = 0). */
  tx: number;
  /** Time from the first purchase to the end of the calibration period. */
  T: number;
}

/**
 * One customer's log-likelihood (FHL 2005, eq. 6):
 *   L = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x))
 *     + [x > 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+tₓ)^(r+x))
 */
export function bgNbdLogLikelihood(p: BgNbdParams, c: RepeatSummary): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logSumExp(a3, a4);
}

/** Expected repeat purchases of a randomly chosen new customer in (0, t] (FHL 2005, eq. 9). */
export function bgNbdExpectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

/** P(still active | x, tₓ, T) (FHL 2005, eq. 11; 1 for a customer without repeat purchases). */
export function bgNbdProbabilityAlive(p: BgNbdParams, c: RepeatSummary): number {
  if (c.x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a) - Math.log(b + c.x - 1) + (r + c.x) * Math.log((alpha + c.T) / (alpha + c.tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** Expected purchases in the next t after T, given the customer's history (FHL 2005, eq. 10). */
export function bgNbdConditionalExpectedPurchases(p: BgNbdParams, c: RepeatSummary, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const { x, T } = c;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const head = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
  // head / (1 + [x>0] a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)) = head · P(alive).
  return head * bgNbdProbabilityAlive(p, c);
}

/**
 * Maximum-likelihood parameters for a population (Nelder–Mead on the log-parameters, restarted once from its
 * optimum). `a` must end above 1 for the expectations to be finite; the fit fails loudly otherwise.
 */
export function fitBgNbd(customers: readonly RepeatSummary[]): { params: BgNbdParams; logLikelihood: number } {
  if (customers.length === 0) throw new Error('BG/NBD: no customers to fit');
  const fromLog = (v: number[]): BgNbdParams => ({
    r: Math.exp(v[0]),
    alpha: Math.exp(v[1]),
    a: Math.exp(v[2]),
    b: Math.exp(v[3]),
  });
  const negLl = (v: number[]) => -bgNbdTotalLogLikelihood(fromLog(v), customers);
  const meanT = customers.reduce((s, c) => s + c.T, 0) / customers.length;
  let best = minimize(negLl, [0, Math.log(Math.max(meanT, 1) / 10), 0, 0], { step: 1 });
  best = minimize(negLl, best.x, { step: 0.2 });
  if (!Number.isFinite(best.value)) throw new Error('BG/NBD: the likelihood has no finite optimum for this data');
  return { params: fromLog(best.x), logLikelihood: -best.value };
}

/**
 * Σ bgNbdLogLikelihood over a population, with the gamma-function terms computed once per distinct x (they
 * depend on x only): the fit evaluates this thousands of times.
 */
export function bgNbdTotalLogLikelihood(p: BgNbdParams, customers: readonly RepeatSummary[]): number {
  const { r, alpha, a, b } = p;
  const base = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  const byX = new Map<number, number>();
  const logA = Math.log(a);
  let ll = 0;
  for (const { x, tx, T } of customers) {
    let gammas = byX.get(x);
    if (gammas === undefined) {
      gammas = logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      byX.set(x, gammas);
    }
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 = x > 0 ? logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
    ll += base + gammas + logSumExp(a3, a4);
  }
  return ll;
}
