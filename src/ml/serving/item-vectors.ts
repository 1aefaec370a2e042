// Item vectors for serving-side similarity (explanation anchors, item-to-item lists): rows L2-normalised so a
// dot product is the cosine. Plain TypeScript over Float32Arrays; built once per loaded model, never per request.

/** `count` L2-normalised rows of size `dim`, row-major. */
export interface ItemVectors {
  dim: number;
  count: number;
  rows: Float32Array;
}

/** Normalises a row-major [count × dim] matrix (zero rows stay zero). */
export function itemVectors(matrix: Float32Array, count: number, dim: number): ItemVectors {
  const rows = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += matrix[i * dim + j] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) rows[i * dim + j] = matrix[i * dim + j] * inv;
  }
  return { dim, count, rows };
}

/** Transposes a row-major [rows × cols] matrix into [cols × rows] (the [d × N] scoring layout). */
export function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  return out;
}

/** Appends the rows of `b` after those of `a` (same dim). */
export function concatVectors(a: ItemVectors, b: ItemVectors): ItemVectors {
  if (a.dim !== b.dim) throw new Error(`cannot join ${a.dim}- and ${b.dim}-dimensional vectors`);
  const rows = new Float32Array((a.count + b.count) * a.dim);
  rows.set(a.rows, 0);
  rows.set(b.rows, a.count * a.dim);
  return { dim: a.dim, count: a.count + b.count, rows };
}

/** cos(i, j). Indices outside the table give 0. */
export function cosine(v: ItemVectors, i: number, j: number): number {
  if (i < 0 || j < 0 || i >= v.count || j >= v.count) return 0;
  const d = v.dim;
  const rows = v.rows;
  const a = i * d;
  const b = j * d;
  // Four partial sums: the additions do not wait on each other (MMR and anchors take hundreds per request).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 4 <= d; k += 4) {
    s0 += rows[a + k] * rows[b + k];
    s1 += rows[a + k + 1] * rows[b + k + 1];
    s2 += rows[a + k + 2] * rows[b + k + 2];
    s3 += rows[a + k + 3] * rows[b + k + 3];
  }
  for (; k < d; k++) s0 += rows[a + k] * rows[b + k];
  return s0 + s1 + (s2 + s3);
}

/** out[j] = cos(item, j) for every row j (out allocated when not given); the item itself gets -Infinity. */
export function cosineRow(v: ItemVectors, item: number, out = new Float32Array(v.count)): Float32Array {
  const d = v.dim;
  const q = item * d;
  for (let j = 0; j < v.count; j++) {
    let s = 0;
    const o = j * d;
    for (let k = 0; k < d; k++) s += v.rows[q + k] * v.rows[o + k];
    out[j] = s;
  }
  if (item >= 0 && item < v.count) out[item] = -Infinity;
  return out;
}

/**
 * out[i] = bias[i] + Σ_k u[k] · table[k·n + i] for a [d × n] table: one user against the catalog in the
 * [d × N] layout (the scoring layout: matMul without transpose flags), streaming each table row once.
 */
export function scoreAgainstTable(
  u: ArrayLike<number>,
  table: Float32Array,
  n: number,
  out: Float32Array,
  bias?: Float32Array,
): Float32Array {
  if (bias) out.set(bias.subarray(0, n));
  else out.fill(0, 0, n);
  const d = u.length;
  // Four table rows per pass over `out`: a quarter of the read-modify-writes of one row at a time.
  let k = 0;
  for (; k + 4 <= d; k += 4) {
    const w0 = u[k];
    const w1 = u[k + 1];
    const w2 = u[k + 2];
    const w3 = u[k + 3];
    const o0 = k * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    for (let i = 0; i < n; i++)
      out[i] += w0 * table[o0 + i] + w1 * table[o1 + i] + w2 * table[o2 + i] + w3 * table[o3 + i];
  }
  for (; k < d; k++) {
    const w = u[k];
    if (w === 0) continue;
    const o = k * n;
    for (let i = 0; i < n; i++) out[i] += w * table[o + i];
  }
  return out;
}

/**
 * The anchor of a recommendation: the candidate's most similar item among `anchors` (e.g. the user's recent
 * purchases), with the cosine; null when nothing is similar at all (cosine ≤ minCosine).
 */
export function bestAnchor(
  v: ItemVectors,
  item: number,
  anchors: readonly number[],
  minCosine = 0,
): { item: number; cosine: number } | null {
  let best: { item: number; cosine: number } | null = null;
  for (const a of anchors) {
    if (a === item) continue;
    const c = cosine(v, item, a);
    if (c > minCosine && (!best || c > best.cosine)) best = { item: a, cosine: c };
  }
  return best;
}
