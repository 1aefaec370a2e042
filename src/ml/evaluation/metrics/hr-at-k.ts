// HR@k = 1 if any of the top-k ranked items is a target, else 0.
export function hitRateAtK(ranked: ArrayLike<number>, targets: ReadonlySet<number>, k: number): number {
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (targets.has(ranked[i])) return 1;
  return 0;
}
