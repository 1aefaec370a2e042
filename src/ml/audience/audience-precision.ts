// Quality of an audience against what happened next. Pure.

/** precision@N = |top N of the audience ∩ customers who bought| / N (N, not the audience length: a short
 * audience does not score higher for it). */
export function precisionAtN(audience: readonly string[], buyers: ReadonlySet<string>, n: number): number {
  if (n <= 0) throw new RangeError('n must be positive');
  let hits = 0;
  for (const userId of audience.slice(0, n)) if (buyers.has(userId)) hits++;
  return hits / n;
}
