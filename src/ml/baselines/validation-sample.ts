import type { HoldoutSplit } from '../data/holdout-split.js';
import { seededPermutation } from '../evaluation/evaluate.js';

/**
 * At most `maxUsers` held-out cases of a split, drawn by a seeded permutation and kept in their original order,
 * so that a hyper-parameter grid costs a bounded time on any catalog and two runs pick the same users.
 */
export function sampleHoldout(split: HoldoutSplit, maxUsers: number, seed: number): HoldoutSplit {
  if (split.test.length <= maxUsers) return split;
  const picked = seededPermutation(split.test.length, seed)
    .slice(0, maxUsers)
    .sort((a, b) => a - b);
  return { ...split, test: Array.from(picked, (i) => split.test[i]) };
}
