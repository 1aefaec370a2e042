// Coverage@k = |∪_u top-k(u)| / |catalog|: the share of the catalog recommended to at least one user.
export function catalogCoverage(rankedLists: Iterable<ArrayLike<number>>, numItems: number, k: number): number {
  if (numItems <= 0) return 0;
  const seen = new Uint8Array(numItems);
  let distinct = 0;
  for (const ranked of rankedLists) {
    const n = Math.min(k, ranked.length);
    for (let i = 0; i < n; i++) {
      const item = ranked[i];
      if (!seen[item]) {
        seen[item] = 1;
        distinct++;
      }
    }
  }
  return distinct / numItems;
}

/** Incremental form of catalogCoverage for streaming evaluation. */
export class CoverageCounter {
  private readonly seen: Uint8Array;
  private distinct = 0;
  constructor(private readonly numItems: number) {
    this.seen = new Uint8Array(numItems);
  }
  add(ranked: ArrayLike<number>, k: number): void {
    const n = Math.min(k, ranked.length);
    for (let i = 0; i < n; i++) {
      if (!this.seen[ranked[i]]) {
        this.seen[ranked[i]] = 1;
        this.distinct++;
      }
    }
  }
  value(): number {
    return this.numItems > 0 ? this.distinct / this.numItems : 0;
  }
}
