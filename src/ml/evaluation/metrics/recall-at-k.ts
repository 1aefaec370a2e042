// Recall@k = |top-k ∩ targets| / |targets| (0 when there are no targets).
export function recallAtK(ranked: ArrayLike<number>, targets: ReadonlySet<number>, k: number): number {
  if (targets.size === 0) return 0;
  const n = Math.min(k, ranked.length);
  let hits = 0;
  for (let i = 0; i < n; i++) if (targets.has(ranked[i])) hits++;
  return hits / targets.size;
}
