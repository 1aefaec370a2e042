// NDCG@k = Σ_{i<k, r_i∈T} 1/log2(i+2) / Σ_{i<min(|T|,k)} 1/log2(i+2)  (binary relevance, i 0-based).
export function ndcgAtK(ranked: ArrayLike<number>, targets: ReadonlySet<number>, k: number): number {
  if (targets.size === 0) return 0;
  const n = Math.min(k, ranked.length);
  let dcg = 0;
  for (let i = 0; i < n; i++) if (targets.has(ranked[i])) dcg += 1 / Math.log2(i + 2);
  let idcg = 0;
  const ideal = Math.min(k, targets.size);
  for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
  return dcg / idcg;
}
