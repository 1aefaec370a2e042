import type { UserHistory } from './dataset.js';

/**
 * The one contract every candidate source implements (collaborative, content, sequence, repeat,
 * popularity, baselines). Scores are over the whole catalog: index i is item i of the Dataset the
 * scorer was fitted on. Higher is better; -Infinity means "never recommend".
 */
export interface Scorer {
  readonly name: string;
  /**
   * Scores every item for each user, given that user's purchase history (oldest basket first).
   * `history.user` may be -1 for a user unseen at training time: models must still answer
   * (from the history alone, or with a neutral score).
   * Returns a row-major [users.length × numItems] matrix.
   */
  scoreUsers(histories: UserHistory[]): Promise<Float32Array> | Float32Array;
}
