// The training loop shared by the history-based models: Adam on a multinomial loss, one pass over the users per
// epoch, early stopping on validation NDCG carved from the training data, best weights restored at the end.
import * as tf from '@tensorflow/tfjs';
import type { UserHistory } from '../../dataset.js';
import { SeededRandom } from './seeded-random.js';
import type { TrainOptions } from './training-types.js';
import { validationNdcg, type ValidationCase } from './validation.js';

export interface LoopHyperParams {
  maxEpochs: number;
  /** Stop after this many epochs without a better validation score. */
  patience: number;
  learningRate: number;
  batchSize: number;
  /** Wall-clock cap on training (validation included), checked after every step: the epoch under way is cut short,
   * validated, and training stops with the best weights so far. A safety net so that a training job finishes in
   * bounded time on any data size; it binds only when the machine is slow or the data big, and then makes the result
   * depend on speed (seeded runs are reproducible only while it does not bind). null = no cap. */
  timeBudgetSeconds?: number | null;
}

export interface LoopModel {
  variables: tf.Variable[];
  /** Loss of one training batch (called inside the gradient tape). */
  batchLoss(batch: UserHistory[], rng: SeededRandom): tf.Scalar;
  score(histories: UserHistory[]): Float32Array;
}

export interface LoopResult {
  epochs: number;
  bestEpoch: number;
  bestValidation: number | null;
  losses: number[];
  /** True when the time budget ended training before early stopping or maxEpochs did. */
  timedOut?: boolean;
}

export async function runTrainingLoop(
  model: LoopModel,
  train: UserHistory[],
  validation: ValidationCase[],
  numItems: number,
  hp: LoopHyperParams,
  options: TrainOptions,
): Promise<LoopResult> {
  const rng = new SeededRandom(options.seed ^ 0x5bd1e995);
  const optimizer = tf.train.adam(hp.learningRate);
  const order = train.map((_, i) => i);
  const losses: number[] = [];
  let best = -Infinity;
  let bestEpoch = 0;
  let snapshot: tf.Tensor[] | null = null;
  let epoch: number;
  const started = performance.now();
  const budget = hp.timeBudgetSeconds ?? null;
  let timedOut = false;
  const outOfTime = () => (timedOut ||= budget !== null && (performance.now() - started) / 1000 >= budget);
  try {
    for (epoch = 1; epoch <= hp.maxEpochs; epoch++) {
      rng.shuffle(order);
      let sum = 0;
      let steps = 0;
      for (let start = 0; start < order.length; start += hp.batchSize) {
        const batch = order.slice(start, start + hp.batchSize).map((i) => train[i]);
        const cost = optimizer.minimize(() => model.batchLoss(batch, rng), true, model.variables);
        sum += (await cost!.data())[0];
        cost!.dispose();
        steps++;
        if (outOfTime()) break;
      }
      const loss = steps ? sum / steps : 0;
      losses.push(loss);
      let val: number | undefined;
      if (validation.length) {
        val = (await validationNdcg(validation, numItems, (h) => model.score(h))).combined;
        if (val > best) {
          best = val;
          bestEpoch = epoch;
          tf.dispose(snapshot ?? []);
          snapshot = model.variables.map((v) => tf.clone(v));
        }
      }
      options.onEpoch?.(epoch, loss, { epoch, loss, validation: val });
      if (validation.length && epoch - bestEpoch >= hp.patience) break;
      if (timedOut) break;
    }
    if (snapshot) model.variables.forEach((v, i) => v.assign(snapshot![i]));
  } finally {
    tf.dispose(snapshot ?? []);
    optimizer.dispose();
  }
  return {
    epochs: Math.min(epoch, hp.maxEpochs),
    bestEpoch: validation.length ? bestEpoch : Math.min(epoch, hp.maxEpochs),
    bestValidation: validation.length ? best : null,
    losses,
    timedOut,
  };
}
