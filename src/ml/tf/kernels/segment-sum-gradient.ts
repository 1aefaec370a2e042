// Gradient of UnsortedSegmentSum (the pooling op of every bag-of-items layer) without the stock mask.
// Stock TF.js computes dx = where(logicalAnd(ids ≥ 0 expanded, ones(shape)), gather(dy, max(ids, 0)), 0): the
// broadcast logicalAnd + select over the whole [rows × d] gradient cost more than everything else in a content-model
// step on wasm (profiled: ~60 % of kernel time). Same result with a cheap multiply by a [rows × 1] 0/1 mask:
//   dx[r] = dy[ids[r]] · [ids[r] ≥ 0]
import * as tf from '@tensorflow/tfjs';

export const maskedSegmentSumGradConfig: tf.GradConfig = {
  kernelName: tf.UnsortedSegmentSum,
  inputsToSave: ['segmentIds'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [segmentIds] = saved;
    return {
      x: () => {
        const grad = dy as tf.Tensor;
        const gathered = tf.gather(grad, tf.maximum(segmentIds, tf.scalar(0, 'int32')));
        const keep = tf.cast(tf.greaterEqual(segmentIds, tf.scalar(0, 'int32')), 'float32');
        const shape = [segmentIds.shape[0], ...gathered.shape.slice(1).map(() => 1)];
        return tf.mul(gathered, tf.reshape(keep, shape));
      },
    };
  },
};
