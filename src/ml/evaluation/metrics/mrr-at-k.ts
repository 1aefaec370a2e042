// MRR@k = 1 / (1-based rank of the first target within the top k), 0 when none is there.
export function mrrAtK(ranked: ArrayLike<number>, targets: ReadonlySet<number>, k: number): number {
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (targets.has(ranked[i])) return 1 / (i + 1);
  return 0;
}
