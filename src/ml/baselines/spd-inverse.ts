/**
 * In-place inverse of a symmetric positive-definite matrix (row-major, n×n, Float64Array) via
 * Cholesky: A = L·Lᵀ, X = L⁻¹ (row axpys), A⁻¹ = Xᵀ·X (accumulated as row outer products).
 * ≈ n³/2 multiply-adds with contiguous inner loops; only the lower triangle of the input is read.
 * Returns the full symmetric inverse in `a`. Throws if the matrix is not positive definite.
 */
export function invertSpdInPlace(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`matrix has ${a.length} entries, expected ${n}×${n}`);
  // 1. Cholesky–Banachiewicz, L overwrites the lower triangle of a.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${i} = ${s})`);
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j];
      }
    }
  }
  // 2. X = L⁻¹ (lower triangular): row i = (e_i − Σ_{k<i} L[i][k]·X[k]) / L[i][i].
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const l = a[ri + k];
      if (l === 0) continue;
      const rk = k * n;
      for (let c = 0; c <= k; c++) x[ri + c] -= l * x[rk + c];
    }
    x[ri + i] += 1;
    const d = 1 / a[ri + i];
    for (let c = 0; c <= i; c++) x[ri + c] *= d;
  }
  // 3. A⁻¹ = Xᵀ·X: for each row k of X, add the outer product of X[k][0..k] into the lower triangle.
  a.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let p = 0; p <= k; p++) {
      const v = x[rk + p];
      if (v === 0) continue;
      const rp = p * n;
      for (let q = 0; q <= p; q++) a[rp + q] += v * x[rk + q];
    }
  }
  for (let p = 0; p < n; p++) for (let q = 0; q < p; q++) a[q * n + p] = a[p * n + q];
  return a;
}

/**
 * Inverse of a symmetric positive-definite matrix by recursive block inversion (Schur complement):
 *   A = [A11 A12; A21 A22], P11 = A11⁻¹, T = P11·A12, S = A22 − A21·T,
 *   A⁻¹ = [P11 + T·S⁻¹·Tᵀ, −T·S⁻¹; −S⁻¹·Tᵀ, S⁻¹]
 * All the O(n³) work is TF.js matMuls (≈ 2n³/3 multiply-adds; wasm SIMD runs ~7 G/s here, so
 * n = 3.6k takes a few seconds); blocks of ≤ `leaf` rows are inverted in float64 JS.
 * Float32 is ample for the well-conditioned ridge systems it serves (XᵀX + λI, λ ≫ 0).
 */
export async function invertSpd(
  matrix: Float32Array | Float64Array,
  n: number,
  options: { leaf?: number } = {},
): Promise<Float32Array> {
  const tf = await import('@tensorflow/tfjs');
  const { initTf } = await import('../tf/tf-backend.js');
  await initTf({ log: () => undefined });
  const leaf = options.leaf ?? 384;
  type T2 = import('@tensorflow/tfjs').Tensor2D;
  const rec = (a: T2): T2 => {
    const size = a.shape[0];
    if (size <= leaf) {
      const inv = invertSpdInPlace(Float64Array.from(a.dataSync()), size);
      return tf.tensor2d(Float32Array.from(inv), [size, size]);
    }
    return tf.tidy(() => {
      const h = size >> 1;
      const m = size - h;
      const a11 = a.slice([0, 0], [h, h]);
      const a12 = a.slice([0, h], [h, m]);
      const a22 = a.slice([h, h], [m, m]);
      const p11 = rec(a11);
      const t = tf.matMul(p11, a12);
      const s = tf.sub(a22, tf.matMul(tf.transpose(a12), t));
      const sSym = tf.mul(tf.add(s, tf.transpose(s)), 0.5) as T2;
      const sInv = rec(sSym);
      const u = tf.matMul(t, sInv); // T·S⁻¹
      const top = tf.concat([tf.add(p11, tf.matMul(u, tf.transpose(t))), tf.neg(u)], 1);
      const bottom = tf.concat([tf.neg(tf.transpose(u)), sInv], 1);
      return tf.concat([top, bottom], 0) as T2;
    });
  };
  const input = tf.tensor2d(matrix instanceof Float32Array ? matrix : Float32Array.from(matrix), [n, n]);
  const inv = rec(input);
  input.dispose();
  const out = (await inv.data()) as Float32Array;
  inv.dispose();
  return out;
}
