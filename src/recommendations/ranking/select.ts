import type { Candidate } from './candidate.js';

/**
 * Takes the first `limit` ranked candidates the predicate accepts, then fills from the fallback
 * sequences in order (popularity, then the rest of the catalog) until `limit` items are found or
 * everything is exhausted. No item appears twice. The fallbacks are iterables so that a long
 * catalog is only walked as far as needed. A fill item never scores above the item before it, so
 * scores stay non-increasing down the list.
 */
export function selectWithFill(
  ranked: readonly Candidate[],
  fallbacks: readonly Iterable<Candidate>[],
  accept: (itemId: string) => boolean,
  limit: number,
): Candidate[] {
  const out: Candidate[] = [];
  const taken = new Set<string>();
  const consider = (c: Candidate, fill: boolean): boolean => {
    if (taken.has(c.itemId)) return false;
    taken.add(c.itemId);
    if (!accept(c.itemId)) return false;
    const previous = out[out.length - 1];
    out.push(fill && previous && previous.score < c.score ? { ...c, score: previous.score } : c);
    return out.length >= limit;
  };
  if (limit <= 0) return out;
  for (const c of ranked) if (consider(c, false)) return out;
  for (const seq of fallbacks) for (const c of seq) if (consider(c, true)) return out;
  return out;
}
