import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { logSigmoid } from './log-sigmoid.js';
import { scatterAddRows } from './scatter-add-segment-sum.kernel.js';
import { registerTrainingKernels, unregisterTrainingKernels } from './training-kernels.js';

// The stock cpu kernel sums with masked reductions, in a different order: equal up to float rounding.
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want[i])));
}

function gatherGrad(table: tf.Tensor2D, ids: number[], dyValues: tf.Tensor2D): Float32Array {
  return tf.tidy(() => {
    const idx = tf.tensor1d(ids, 'int32');
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), dyValues)))(table);
    return g.dataSync() as Float32Array;
  });
}

describe('training kernels', () => {
  afterEach(() => unregisterTrainingKernels());

  it('scatterAddRows sums rows into segments and drops out-of-range ids', () => {
    const out = new Float32Array(6);
    scatterAddRows([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, 9], 2, 3, out);
    expect(Array.from(out)).toEqual([3, 4, 0, 0, 6, 8]);
  });

  it('gives the same gather gradient as the stock cpu UnsortedSegmentSum', async () => {
    await tf.setBackend('cpu');
    const table = tf.randomNormal([7, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const dy = tf.randomNormal([9, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const ids = [0, 3, 3, 6, 1, 0, 3, 5, 5];
    const stock = gatherGrad(table, ids, dy);
    registerTrainingKernels();
    const fixed = gatherGrad(table, ids, dy);
    expectClose(fixed, stock);
    // Also the raw op with a 3-d input (row size 6).
    const x = tf.randomNormal([5, 2, 3], 0, 1, 'float32', 3);
    const segs = tf.tensor1d([1, 1, 0, 3, 1], 'int32');
    const ours = tf.unsortedSegmentSum(x, segs, 4).dataSync();
    unregisterTrainingKernels();
    const theirs = tf.unsortedSegmentSum(x, segs, 4).dataSync();
    expectClose(ours, theirs);
    tf.dispose([table, dy, x, segs]);
  });

  it('the masked UnsortedSegmentSum gradient equals the stock one, negative ids included', async () => {
    await tf.setBackend('cpu');
    unregisterTrainingKernels();
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 6);
    const w = tf.randomNormal([4, 3], 0, 1, 'float32', 7);
    const segs = tf.tensor1d([2, -1, 0, 3, 2, -1], 'int32');
    const grad = () =>
      tf
        .grad((v: tf.Tensor) => tf.sum(tf.mul(tf.unsortedSegmentSum(v, segs, 4), w)))(x)
        .dataSync();
    const stock = grad();
    registerTrainingKernels({ segmentSum: false, transposedMatMul: false });
    const masked = grad();
    unregisterTrainingKernels();
    expectClose(masked, stock);
    expectClose(masked.slice(3, 6), [0, 0, 0]); // row 1 has id −1: no gradient
    tf.dispose([x, w, segs]);
  });

  it('makes gather trainable on wasm, with the cpu stock result', async () => {
    await tf.setBackend('cpu');
    const tv = tf.randomNormal([6, 4], 0, 1, 'float32', 4).dataSync();
    const dv = tf.randomNormal([8, 4], 0, 1, 'float32', 5).dataSync();
    const ids = [5, 0, 0, 2, 5, 5, 1, 3];
    const stock = gatherGrad(tf.tensor2d(tv, [6, 4]), ids, tf.tensor2d(dv, [8, 4]));
    await tf.setBackend('wasm');
    registerTrainingKernels();
    const fixed = gatherGrad(tf.tensor2d(tv, [6, 4]), ids, tf.tensor2d(dv, [8, 4]));
    expectClose(fixed, stock);
  });

  it('transposed matMul on wasm equals the stock transposed kernel (forward and gradients)', async () => {
    await tf.setBackend('wasm');
    const a = tf.randomNormal([2, 5, 7], 0, 1, 'float32', 6);
    const b = tf.randomNormal([2, 3, 7], 0, 1, 'float32', 7);
    const c = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 8);
    const run = (): number[][] =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, false, true)));
        const [ga, gb] = tf.grads(f)([a, b]);
        const fwd = tf.matMul(a, c, true, false); // [2,7,4]
        return [
          Array.from(tf.matMul(a, b, false, true).dataSync()),
          Array.from(ga.dataSync()),
          Array.from(gb.dataSync()),
          Array.from(fwd.dataSync()),
        ];
      });
    const stock = run();
    const before = tf.memory().numTensors;
    registerTrainingKernels();
    const fixed = run();
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < stock.length; i++) {
      expect(fixed[i].length).toBe(stock[i].length);
      expectClose(fixed[i], stock[i]);
    }
    tf.dispose([a, b, c]);
  });

  it('logSigmoid has the right value and gradient', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor1d([-30, -1, 0, 2, 40]);
    const v = Array.from(logSigmoid(x).dataSync());
    const g = Array.from(
      tf
        .grad((t: tf.Tensor) => tf.sum(logSigmoid(t)))(x)
        .dataSync(),
    );
    const xs = [-30, -1, 0, 2, 40];
    xs.forEach((xi, i) => {
      expect(v[i]).toBeCloseTo(-Math.log1p(Math.exp(-xi)), 5);
      expect(g[i]).toBeCloseTo(1 / (1 + Math.exp(xi)), 5);
    });
    x.dispose();
  });
});
