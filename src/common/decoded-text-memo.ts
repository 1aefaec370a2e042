/**
 * Decoded forms of cached texts, so a text served again is not decoded again. The caches hand back the
 * same string for every hit of an entry until it changes (TrackedLocalCache keeps Redis's reply), and a
 * Map lookup of the same string is a pointer comparison; an equal text read anew from Redis is found too,
 * at the cost of hashing it. An entry is valid only for the `stamp` it was decoded under (e.g. a catalog
 * snapshot the decoding looked items up in). Bounded by entries and by the characters of the texts (a
 * decoded value is assumed to weigh in proportion to its text): the oldest decoded text is dropped first.
 * Decoded values are shared by every caller, so they must never be mutated.
 */
export class DecodedTextMemo<T> {
  private readonly decoded = new Map<string, { stamp: unknown; value: T }>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  get(text: string, decode: (text: string) => T, stamp?: unknown): T {
    const known = this.decoded.get(text);
    if (known && known.stamp === stamp) return known.value;
    const value = decode(text);
    if (!known) {
      this.decoded.set(text, { stamp, value });
      this.chars += text.length;
      while (this.decoded.size > this.maxEntries || this.chars > this.maxChars) {
        const oldest = this.decoded.keys().next().value!;
        this.chars -= oldest.length;
        this.decoded.delete(oldest);
      }
    } else {
      known.stamp = stamp;
      known.value = value;
    }
    return value;
  }

  /** Characters of the texts whose decoded values are kept. */
  get characters(): number {
    return this.chars;
  }

  get size(): number {
    return this.decoded.size;
  }
}
