// Statistics of an A/B/n report. Pure functions, each with its formula; hand-computed cases in
// experiments.spec.ts. Normal approximations: fine for the sample sizes the verdict waits for.

export interface Interval {
  low: number;
  high: number;
}

/** z of a two-sided interval at 95 %. */
export const Z_95 = 1.959963984540054;

/**
 * Standard normal CDF Φ(x) = ½·erfc(−x/√2), erfc by the Numerical Recipes Chebyshev fit
 * (fractional error < 1.2e-7 everywhere), which keeps small p-values accurate too.
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Wilson score interval of a proportion x/n (better than the Wald interval near 0 and for small n):
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). n = 0 gives [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { low: Math.max(0, (centre - half) / denom), high: Math.min(1, (centre + half) / denom) };
}

export interface ZTest {
  /** p̂_b − p̂_a. */
  difference: number;
  /** Unpooled 95 % interval of the difference: Δ ± z·√(p̂a(1−p̂a)/na + p̂b(1−p̂b)/nb). */
  differenceInterval: Interval;
  /** z = Δ / √(p̂(1−p̂)(1/na + 1/nb)), p̂ the pooled proportion; 0 when undefined. */
  z: number;
  /** Two-sided p = 2·(1 − Φ(|z|)); 1 when the test is undefined (no data, or 0 % / 100 % everywhere). */
  pValue: number;
}

/** Two-proportion z-test of b (treatment) against a (control). */
export function twoProportionZTest(xa: number, na: number, xb: number, nb: number): ZTest {
  if (na <= 0 || nb <= 0) return { difference: 0, differenceInterval: { low: 0, high: 0 }, z: 0, pValue: 1 };
  const pa = xa / na;
  const pb = xb / nb;
  const difference = pb - pa;
  const seDiff = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  const differenceInterval = { low: difference - Z_95 * seDiff, high: difference + Z_95 * seDiff };
  const pooled = (xa + xb) / (na + nb);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se === 0) return { difference, differenceInterval, z: 0, pValue: 1 };
  const z = difference / se;
  return { difference, differenceInterval, z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

export interface MeanEstimate {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for n < 2. */
  sd: number;
  /** mean ± z·sd/√n (normal approximation; revenue is skewed, so only trust it with hundreds of users). */
  interval: Interval;
}

/** Mean with a 95 % interval from n, Σx and Σx² (what one SQL aggregate returns). */
export function meanFromSums(n: number, sum: number, sumOfSquares: number, z = Z_95): MeanEstimate {
  if (n <= 0) return { mean: 0, sd: 0, interval: { low: 0, high: 0 } };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1)) : 0;
  const sd = Math.sqrt(variance);
  const half = z * (sd / Math.sqrt(n));
  return { mean, sd, interval: { low: mean - half, high: mean + half } };
}

/**
 * Welch's test of two means by its normal approximation: z = (m_b − m_a) / √(s_a²/n_a + s_b²/n_b),
 * p = 2·(1 − Φ(|z|)). 1 when undefined.
 */
export function welchZTest(
  a: MeanEstimate & { n: number },
  b: MeanEstimate & { n: number },
): { z: number; pValue: number } {
  if (a.n < 2 || b.n < 2) return { z: 0, pValue: 1 };
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (b.mean - a.mean) / se;
  return { z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}
