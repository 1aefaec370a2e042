// A module constant, not the global: under jest's vm contexts every read of a global such as `Infinity` goes
// through the sandbox's property interceptor, and this loop runs once per catalog item per evaluated user.
const NEG_INFINITY = -Infinity;

/**
 * Top-k item indices of one score row, best first, without sorting the whole catalog: a k-sized
 * buffer kept sorted by insertion (O(n + hits·k), and hits are rare once the buffer is full).
 * Ties go to the higher `tieRank[i]` when given (evaluation passes a seeded random permutation so
 * that ties carry no information), else to the lower index. -Infinity and NaN ("never recommend")
 * are skipped, so the result can be shorter than k. `exclude` removes candidates (e.g. items already bought).
 */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  options: { offset?: number; length?: number; exclude?: ReadonlySet<number>; tieRank?: ArrayLike<number> } = {},
): Int32Array {
  const offset = options.offset ?? 0;
  const n = options.length ?? scores.length - offset;
  const exclude = options.exclude;
  const tie = options.tieRank;
  const idx = new Int32Array(k);
  const val = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[offset + i];
    if (!(s > NEG_INFINITY)) continue; // -Infinity or NaN
    if (size === k && (s < val[k - 1] || (s === val[k - 1] && (tie === undefined || tie[i] <= tie[idx[k - 1]]))))
      continue;
    if (exclude !== undefined && exclude.has(i)) continue;
    let pos = size < k ? size++ : k - 1;
    // without tieRank, strict > keeps earlier (lower) indices ahead on ties
    while (pos > 0 && (s > val[pos - 1] || (s === val[pos - 1] && tie !== undefined && tie[i] > tie[idx[pos - 1]]))) {
      val[pos] = val[pos - 1];
      idx[pos] = idx[pos - 1];
      pos--;
    }
    val[pos] = s;
    idx[pos] = i;
  }
  return size === k ? idx : idx.slice(0, size);
}
