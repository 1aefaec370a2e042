// Item-item similarity from item embeddings (row-major [N × d]): cosine, top-k by a partial insertion sort.

export interface SimilarItem {
  item: number;
  score: number;
}

/** L2-normalises each row of a row-major [n × d] matrix (zero rows stay zero). */
export function normaliseRows(matrix: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += matrix[i * d + j] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = matrix[i * d + j] * inv;
  }
  return out;
}

/** The k items most similar to `item` by cosine of their (pre-normalised) embeddings; the item itself excluded. */
export function cosineNeighbours(
  normalised: Float32Array,
  n: number,
  d: number,
  item: number,
  k: number,
  exclude?: ReadonlySet<number>,
): SimilarItem[] {
  if (item < 0 || item >= n) return [];
  const best: SimilarItem[] = [];
  const q = item * d;
  for (let i = 0; i < n; i++) {
    if (i === item || exclude?.has(i)) continue;
    let s = 0;
    for (let j = 0; j < d; j++) s += normalised[q + j] * normalised[i * d + j];
    if (best.length === k && s <= best[k - 1].score) continue;
    let pos = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push({ item: i, score: s });
    while (pos > 0 && s > best[pos - 1].score) {
      best[pos] = best[pos - 1];
      pos--;
    }
    best[pos] = { item: i, score: s };
  }
  return best;
}
