/** Served lists of one UTC day on one placement, as counted by one instance since its last flush. */
export interface ServingCount {
  day: string;
  placement: string;
  requests: number;
  cacheHits: number;
  itemsServed: number;
}

/**
 * In-memory tally of served lists per (day, placement). The hot path only bumps three numbers in a map of
 * a handful of entries; `drain` hands the counts over (and starts afresh) for one batched write.
 */
export class ServingCounts {
  private counts = new Map<string, ServingCount>();

  add(day: string, placement: string, cached: boolean, items: number): void {
    const key = `${day}|${placement}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { day, placement, requests: 0, cacheHits: 0, itemsServed: 0 }));
    c.requests += 1;
    if (cached) c.cacheHits += 1;
    c.itemsServed += items;
  }

  /** Counts added back after a failed write, so they go out with the next one. */
  restore(rows: readonly ServingCount[]): void {
    for (const r of rows) {
      const key = `${r.day}|${r.placement}`;
      const c = this.counts.get(key);
      if (!c) this.counts.set(key, { ...r });
      else {
        c.requests += r.requests;
        c.cacheHits += r.cacheHits;
        c.itemsServed += r.itemsServed;
      }
    }
  }

  drain(): ServingCount[] {
    const rows = [...this.counts.values()];
    this.counts = new Map();
    return rows;
  }

  get size(): number {
    return this.counts.size;
  }
}
