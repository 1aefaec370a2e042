import { halfLifeOf, PopularityScorer } from '../baselines/popularity-scorer.js';
import type { TrainingData } from '../data/training-data.js';
import { RepeatPurchaseScorer, type RepeatPurchaseParams } from '../models/repeat-purchase-scorer.js';
import type { BundleManifest } from './model-bundle.js';

/**
 * The artifact's statistics sources refitted on a held-out split's training part, with the hyper-parameters
 * the manifest records, exactly as at training time (the artifact's own copies saw every basket, test ones
 * included). `tailor evaluate` and the what-if API both replay the evaluation with these.
 */
export function refitStatistics(
  manifest: BundleManifest,
  train: TrainingData,
): { repeat: RepeatPurchaseScorer; popularity: PopularityScorer } {
  const popularityParams = manifest.hyperParameters.popularity as { halfLifeDays?: number | null } | undefined;
  return {
    repeat: RepeatPurchaseScorer.fit(train, manifest.hyperParameters.repeat as RepeatPurchaseParams),
    popularity: PopularityScorer.fit(train, { halfLifeDays: halfLifeOf(popularityParams?.halfLifeDays) }),
  };
}
