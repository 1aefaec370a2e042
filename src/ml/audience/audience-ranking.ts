// The audience itself: customers ranked by how likely they are to buy the target items soon,
//   score(u) = E[orders of u in the horizon] × Σ_t min(1, B_u / (1 + rank_u(t)))   (B_u: items per order)
// (expected-orders.ts × target-affinity.ts): how often the customer will buy, times how high the models put the
// targets in the customer's own list. Only the best `size` are kept while customers stream past, so memory is
// bounded by the audience size, not by the customer count. Pure.

export interface AudienceCandidate {
  userId: string;
  score: number;
  /** The target item the score leans on most (the one to pitch), for the reason. */
  itemIndex: number;
  itemRank: number;
  expectedOrders: number;
}

export function audienceScore(expectedOrders: number, affinity: number): number {
  return expectedOrders * affinity;
}

/** Whether `a` ranks before `b`: higher score first, ties to the smaller user id (a stable, reproducible order). */
export function ranksBefore(a: AudienceCandidate, b: AudienceCandidate): boolean {
  return a.score > b.score || (a.score === b.score && a.userId < b.userId);
}

/**
 * The best `capacity` candidates offered so far. A binary heap keyed on the worst kept candidate: offer is
 * O(log capacity), ranked() sorts once at the end.
 */
export class TopAudience {
  private readonly heap: AudienceCandidate[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`capacity must be a whole number ≥ 0`);
  }

  get size(): number {
    return this.heap.length;
  }

  offer(c: AudienceCandidate): void {
    if (this.capacity === 0 || !(c.score > 0)) return;
    const h = this.heap;
    if (h.length < this.capacity) {
      h.push(c);
      this.up(h.length - 1);
    } else if (ranksBefore(c, h[0])) {
      h[0] = c;
      this.down(0);
    }
  }

  /** Best first. */
  ranked(): AudienceCandidate[] {
    return [...this.heap].sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0));
  }

  // Min-heap on rank order: the root is the candidate every other one ranks before.
  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!ranksBefore(h[parent], h[i])) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && ranksBefore(h[worst], h[l])) worst = l;
      if (r < h.length && ranksBefore(h[worst], h[r])) worst = r;
      if (worst === i) return;
      [h[worst], h[i]] = [h[i], h[worst]];
      i = worst;
    }
  }
}
