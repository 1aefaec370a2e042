import type { ItemFeatures, UserHistory } from '../../dataset.js';

/** What the models train on: structurally the same as `TrainingData` in src/ml/data (training histories of a split). */
export interface ModelTrainingData {
  numItems: number;
  histories: UserHistory[];
  items?: ItemFeatures[];
}

export interface EpochReport {
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Validation NDCG@10 (mean of all-items and new-items), when a validation split exists. */
  validation?: number;
}

export interface TrainOptions {
  /** Seeds initialisation, shuffling, dropout and the validation carve-out. */
  seed: number;
  /** Called once per epoch (1-based) with the mean training loss; for loss curves and progress bars. */
  onEpoch?: (epoch: number, loss: number, report: EpochReport) => void;
}

/** Scales a positive count into an embedding size: ~sqrt(n) rounded to a power of two, within [lo, hi]. */
export function autoDim(n: number, lo = 16, hi = 128): number {
  const p = 2 ** Math.round(Math.log2(Math.max(1, Math.sqrt(n))));
  return Math.min(hi, Math.max(lo, p));
}
