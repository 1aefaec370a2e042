/**
 * This process's copies of Redis hash fields it has read, kept until Redis says the hash changed —
 * the client side of RESP3 client-side caching (`CLIENT TRACKING ON`: after a read, Redis sends this
 * connection an invalidation message for the key when any client writes it, or it expires or is
 * evicted). node-redis has a generic version (`clientSideCache`), but its hit goes through the whole
 * command pipeline; this one is a Map lookup.
 *
 * A read that races an invalidation of the same key is not kept: `load` stores the value only if no
 * invalidation of that key (or flush) arrived while it was in flight. Bounded: at most `maxEntries`
 * fields and `maxChars` characters of values (a user's purchase history is ~40 times a list), whole
 * least-recently-read keys evicted first — approximately: a read moves its key to the young end of the
 * order only when at least half the keys were placed there after it, because moving means a delete and an
 * insert, and in a Map near its capacity those cost more than the rest of a hit (the table is compacted
 * that often).
 */
export class TrackedLocalCache {
  private readonly keys = new Map<string, KeyEntry>();
  /** Counts placements of keys at the young end of `keys` (inserts and moves). */
  private tick = 0;
  private size = 0;
  private chars = 0;
  /** Keys with reads in flight, and whether an invalidation arrived meanwhile. */
  private readonly loading = new Map<string, { count: number; invalidated: boolean }>();
  hits = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  /** The local copy (null = the field is absent in Redis), or undefined when there is none. */
  get(key: string, field: string): string | null | undefined {
    const entry = this.keys.get(key);
    const value = entry?.fields.get(field);
    if (value === undefined) return undefined;
    // Most recently read last (Map order), so eviction takes the coldest user first.
    if (2 * (this.tick - entry!.placed) >= this.keys.size) {
      this.keys.delete(key);
      this.keys.set(key, entry!);
      entry!.placed = ++this.tick;
    }
    this.hits++;
    return value;
  }

  /** Reads through `fetch` and keeps the answer unless the key was invalidated while it was read. */
  async load(key: string, field: string, fetch: () => Promise<string | null>): Promise<string | null> {
    let flight = this.loading.get(key);
    if (!flight) {
      flight = { count: 0, invalidated: false };
      this.loading.set(key, flight);
    }
    flight.count++;
    try {
      const value = await fetch();
      if (!flight.invalidated) this.keep(key, field, value);
      return value;
    } finally {
      if (--flight.count === 0 && this.loading.get(key) === flight) this.loading.delete(key);
    }
  }

  /** Redis changed `key` (null: everything, e.g. the connection was lost or Redis flushed). */
  invalidate(key: string | null): void {
    if (key === null) {
      this.keys.clear();
      this.size = 0;
      this.chars = 0;
      for (const flight of this.loading.values()) flight.invalidated = true;
      return;
    }
    const entry = this.keys.get(key);
    if (entry) this.drop(key, entry);
    const flight = this.loading.get(key);
    if (flight) flight.invalidated = true;
  }

  get entries(): number {
    return this.size;
  }

  /** Characters of the values kept. */
  get characters(): number {
    return this.chars;
  }

  private keep(key: string, field: string, value: string | null): void {
    let entry = this.keys.get(key);
    if (!entry) {
      entry = { fields: new Map(), placed: ++this.tick };
      this.keys.set(key, entry);
    }
    const fields = entry.fields;
    const old = fields.get(field);
    if (old === undefined) this.size++;
    else this.chars -= old?.length ?? 0;
    fields.set(field, value);
    this.chars += value?.length ?? 0;
    while (this.size > this.maxEntries || this.chars > this.maxChars) {
      const [coldest, coldEntry] = this.keys.entries().next().value as [string, KeyEntry];
      this.drop(coldest, coldEntry);
    }
  }

  private drop(key: string, entry: KeyEntry): void {
    this.size -= entry.fields.size;
    for (const v of entry.fields.values()) this.chars -= v?.length ?? 0;
    this.keys.delete(key);
  }
}

interface KeyEntry {
  fields: Map<string, string | null>;
  /** `tick` when the key was last placed at the young end. */
  placed: number;
}
