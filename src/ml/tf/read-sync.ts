import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` in a tidy scope and copies its result tensor out. Never return a TypedArray from
 * `tf.tidy` itself: tidy walks its return value looking for tensors, element by element, which
 * for a [256 × 3.6k] score matrix costs seconds per call.
 */
export function readSync(fn: () => tf.Tensor): Float32Array {
  const t = tf.tidy(fn);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}
