// Nelder–Mead simplex minimiser (Nelder & Mead 1965; the adaptive coefficients of Gao & Han 2012), for the
// few-parameter likelihoods of the customer-value models. No gradients needed.

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stops when the simplex's function values differ by less than this, relative to the best (plus 1). */
  tolerance?: number;
  /** Initial step per coordinate. */
  step?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export function minimize(
  f: (x: number[]) => number,
  start: readonly number[],
  opts: MinimizeOptions = {},
): MinimizeResult {
  const n = start.length;
  const maxIterations = opts.maxIterations ?? 5000;
  const tolerance = opts.tolerance ?? 1e-10;
  const step = opts.step ?? 0.5;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  // Non-finite values (parameters outside the model's domain) count as +∞, so the simplex moves away.
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(value);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) < tolerance * (Math.abs(values[0]) + 1) && Number.isFinite(values[0])) {
      return { x: simplex[0], value: values[0], iterations, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const towards = (coef: number) => centroid.map((c, j) => c + coef * (simplex[n][j] - c));
    const reflected = towards(-alpha);
    const fr = value(reflected);
    if (fr < values[0]) {
      const expanded = towards(-alpha * gamma);
      const fe = value(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const outside = fr < values[n];
      const contracted = outside ? towards(-alpha * rho) : towards(rho);
      const fc = value(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((x, j) => simplex[0][j] + sigma * (x - simplex[0][j]));
          values[i] = value(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], iterations, converged: false };
}
