// Gamma–Gamma model of the average order value: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value
// curves for customer base analysis", J. Marketing Research 42(4); Fader & Hardie (2013), "The Gamma-Gamma
// model of monetary value". A customer's order values are Gamma(p, ν) with ν ~ Gamma(q, γ), independent of
// the purchase process.
import { logGamma } from './special-functions.js';
import { minimize } from './nelder-mead.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** A customer's repeat orders: how many and their mean value (both > 0 to enter the fit). */
export interface SpendSummary {
  x: number;
  meanValue: number;
}

/**
 * Density of the mean value m of x orders:
 *   f(m | p, q, γ, x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m^(px−1) · x^(px) / (γ + m x)^(px+q)
 */
export function gammaGammaLogLikelihood(g: GammaGammaParams, s: SpendSummary): number {
  const { p, q, gamma } = g;
  const { x, meanValue: m } = s;
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + m * x)
  );
}

/** E[order value | x orders averaging m] = (γ + m x) p / (p x + q − 1); the population mean p γ / (q − 1) at x = 0. */
export function gammaGammaExpectedValue(g: GammaGammaParams, s: SpendSummary): number {
  const { p, q, gamma } = g;
  return ((gamma + s.meanValue * s.x) * p) / (p * s.x + q - 1);
}

/** Maximum-likelihood parameters over customers with at least one repeat order of positive value. */
export function fitGammaGamma(spend: readonly SpendSummary[]): { params: GammaGammaParams; logLikelihood: number } {
  const usable = spend.filter((s) => s.x > 0 && s.meanValue > 0);
  if (usable.length === 0) throw new Error('Gamma-Gamma: no customer with a repeat order of positive value');
  const fromLog = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const negLl = (v: number[]) => {
    const g = fromLog(v);
    // q ≤ 1 has no finite mean: outside the model's useful domain.
    if (g.q <= 1) return Infinity;
    let ll = 0;
    for (const s of usable) ll += gammaGammaLogLikelihood(g, s);
    return -ll;
  };
  const meanValue = usable.reduce((t, s) => t + s.meanValue, 0) / usable.length;
  let best = minimize(negLl, [0, Math.log(3), Math.log(meanValue)], { step: 1 });
  best = minimize(negLl, best.x, { step: 0.2 });
  if (!Number.isFinite(best.value)) throw new Error('Gamma-Gamma: the likelihood has no finite optimum for this data');
  return { params: fromLog(best.x), logLikelihood: -best.value };
}
