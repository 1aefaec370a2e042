import * as tf from '@tensorflow/tfjs';

/** A variable whose initial tensor is freed (`tf.variable(t)` leaves `t` alive otherwise). */
export function ownedVariable<R extends tf.Rank>(init: () => tf.Tensor<R>, trainable = true, name?: string): tf.Variable<R> {
  return tf.tidy(() => tf.variable(init(), trainable, name));
}
