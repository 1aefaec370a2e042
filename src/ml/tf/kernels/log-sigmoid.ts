// log σ(x) = −softplus(−x). Stock `tf.logSigmoid` has a wrong gradient in TF.js 4.22; this
// composition is numerically stable (softplus is computed stably) and differentiates correctly: d/dx = σ(−x).
import * as tf from '@tensorflow/tfjs';

export function logSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.neg(tf.softplus(tf.neg(x)))) as T;
}
