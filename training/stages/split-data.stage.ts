// Stage "split": every user's last basket held out for the test (users with enough baskets), and the validation
// split inside the training part (each user's second-to-last basket) on which blend, ranker and baselines are fitted.
import { splitLastBasket, validationSplit, type HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import type { Dataset, UserHistory } from '../../src/ml/dataset.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import type { TrainingReport } from '../../src/ml/report/training-report.js';
import { TrainDataError } from '../train-data-error.js';

export interface SplitData {
  /** Test: each held-out user's last basket; train: everything before it. */
  split: HoldoutSplit;
  /** Carved from `split.train` the same way: the second-to-last basket is the validation target. */
  val: HoldoutSplit;
}

export function splitTrainingData(
  histories: UserHistory[],
  numItems: number,
  protocol: Pick<EvaluationProtocol, 'minBaskets'>,
): SplitData {
  const split = splitLastBasket(histories, numItems, { minBaskets: protocol.minBaskets });
  if (split.test.length === 0) {
    throw new TrainDataError(`no user has ${protocol.minBaskets} or more baskets: nothing to hold out for evaluation`);
  }
  return { split, val: validationSplit(split, { minBaskets: protocol.minBaskets }) };
}

export type DataWindowSummary = TrainingReport['dataWindow'];

/** What the model was trained on, for the manifest and the report: time span and counts. */
export function describeDataWindow(dataset: Dataset): DataWindowSummary {
  const range = timeRange(dataset.interactions.map((i) => i.time));
  return {
    from: range ? new Date(range.min).toISOString() : null,
    to: range ? new Date(range.max).toISOString() : null,
    purchaseEvents: dataset.interactions.length,
    users: dataset.userIds.length,
    items: dataset.itemIds.length,
  };
}

/** Smallest and largest value, or null for none (a loop: Math.min(...values) overflows the stack on large arrays). */
export function timeRange(values: readonly number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
