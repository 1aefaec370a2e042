import { invertSpd, invertSpdInPlace } from './spd-inverse.js';

function randomSpd(n: number, seed = 3): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const a = new Float64Array(n * n);
  for (let u = 0; u < 3 * n; u++) {
    const items = Array.from({ length: 6 }, () => Math.floor(rand() * n));
    for (const i of items) for (const j of items) a[i * n + j] += 1;
  }
  for (let i = 0; i < n; i++) a[i * n + i] += 5;
  return a;
}

function maxIdentityError(a: Float64Array, inv: ArrayLike<number>, n: number): number {
  let err = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
      err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
    }
  return err;
}

describe('SPD inverse', () => {
  it('inverts a 2×2 by hand: [[4,2],[2,3]]⁻¹ = [[3,-2],[-2,4]]/8', () => {
    const inv = invertSpdInPlace(Float64Array.from([4, 2, 2, 3]), 2);
    expect([...inv].map((v) => v * 8)).toEqual([3, -2, -2, 4].map((v) => expect.closeTo(v, 12)));
  });

  it('Cholesky inverse in float64 gives A·A⁻¹ = I', () => {
    const a = randomSpd(60);
    expect(maxIdentityError(a, invertSpdInPlace(a.slice(), 60), 60)).toBeLessThan(1e-12);
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => invertSpdInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/);
  });

  it('recursive block inverse (TF.js) matches, with odd sizes splitting unevenly', async () => {
    const n = 101;
    const a = randomSpd(n);
    const inv = await invertSpd(a, n, { leaf: 16 });
    expect(maxIdentityError(a, inv, n)).toBeLessThan(1e-4);
  });
});
