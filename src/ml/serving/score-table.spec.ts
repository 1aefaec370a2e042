import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/tf-backend.js';
import { scoreAgainstTable } from './item-vectors.js';
import { defaultScoreEngine, ScoreTable } from './score-table.js';

describe('ScoreTable', () => {
  // d = 13 is not a multiple of the plain loop's 4-row unrolling; N = 257 is not a round size either.
  const d = 13;
  const n = 257;
  let state = 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648 - 0.5;
  };
  const table = Float32Array.from({ length: d * n }, random);
  const bias = Float32Array.from({ length: n }, random);
  const user = Float64Array.from({ length: d }, random);
  const reference = scoreAgainstTable(user, table, n, new Float32Array(n), bias);

  beforeAll(async () => {
    await initTf({ preferred: 'wasm', log: () => undefined });
  });

  const expectClose = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    expect(worst).toBeLessThan(1e-5);
  };

  it('scores on a SIMD backend with one matMul, the same as the plain loop', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(defaultScoreEngine()).toBe('tf');
    const scores = new ScoreTable(table, d, n, bias);
    try {
      expect(scores.engine).toBe('tf');
      expectClose(scores.score(user), reference);
      // into a caller's buffer (a view past the start, as the content table's new items are written)
      const out = new Float32Array(n + 5).fill(9);
      scores.score(user, out.subarray(5));
      expect(Array.from(out.subarray(0, 5))).toEqual([9, 9, 9, 9, 9]);
      expectClose(out.subarray(5), reference);
    } finally {
      scores.dispose();
    }
  });

  it('keeps no tensor alive per call', () => {
    const scores = new ScoreTable(table, d, n, bias, 'tf');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) scores.score(user);
    expect(tf.memory().numTensors).toBe(before);
    scores.dispose();
    expect(tf.memory().numTensors).toBe(before - 2); // the table and its bias
  });

  it('without bias, on the js engine, and after dispose (the plain loop) gives the same scores', () => {
    const noBias = scoreAgainstTable(user, table, n, new Float32Array(n));
    const tfTable = new ScoreTable(table, d, n, undefined, 'tf');
    expectClose(tfTable.score(user), noBias);
    tfTable.dispose();
    expectClose(tfTable.score(user), noBias);
    const js = new ScoreTable(table, d, n, bias, 'js');
    expect(js.engine).toBe('js');
    expectClose(js.score(user), reference);
  });

  it('rejects a user vector or a table of the wrong size', () => {
    const scores = new ScoreTable(table, d, n, bias, 'js');
    expect(() => scores.score(new Float64Array(d + 1))).toThrow(/14 values, the table 13/);
    expect(() => new ScoreTable(table, d, n + 1)).toThrow(/needs/);
  });

  it('falls back to the plain loop on the cpu backend, whose matMul is plain JavaScript too', async () => {
    await initTf({ preferred: 'cpu', log: () => undefined });
    try {
      expect(defaultScoreEngine()).toBe('js');
      expectClose(new ScoreTable(table, d, n, bias).score(user), reference);
    } finally {
      await initTf({ preferred: 'wasm', log: () => undefined });
    }
  });
});
