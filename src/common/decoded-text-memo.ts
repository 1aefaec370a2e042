/**
 * Decoded forms of cached texts, so a text served again is not decoded again. The caches hand back the
 * same string for every hit of an entry until it changes (TrackedLocalCache keeps Redis's reply), and a
 * Map lookup of the same string is a pointer comparison; an equal text read anew from Redis is found too,
 * at the cost of hashing it. An entry is valid only for the `stamp` it was decoded under (e.g. a catalog
 * snapshot the decoding looked items up in). Bounded: the oldest decoded text is dropped first. Decoded
 * values are shared by every caller, so they must never be mutated.
 */
export class DecodedTextMemo<T> {
  private readonly decoded = new Map<string, { stamp: unknown; value: T }>();

  constructor(private readonly maxEntries = 4096) {}

  get(text: string, decode: (text: string) => T, stamp?: unknown): T {
    const known = this.decoded.get(text);
    if (known && known.stamp === stamp) return known.value;
    const value = decode(text);
    if (!known && this.decoded.size >= this.maxEntries) this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(text, { stamp, value });
    return value;
  }

  get size(): number {
    return this.decoded.size;
  }
}
