import type { ItemFeatures, UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';

/** What a model is fitted on: the training histories of a split, plus optional item content. */
export interface TrainingData {
  numItems: number;
  histories: UserHistory[];
  items?: ItemFeatures[];
}

/** Fits one Scorer on training data; used to refit the same recipe on validation and full training data. */
export type ScorerFactory = (data: TrainingData) => Scorer | Promise<Scorer>;
