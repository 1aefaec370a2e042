import { BlendScorer } from '../blend/blend-scorer.js';
import type { Scorer } from '../scorer.js';
import type { PopularityScorer } from '../baselines/popularity-scorer.js';
import type { RepeatPurchaseScorer } from '../models/repeat-purchase-scorer.js';
import type { BlendSourceSpec, BundleSourceName, ModelBundle } from './model-bundle.js';

/** Each blend source of a bundle as a Scorer (TF models as trained; statistics as given). */
export function bundleSourceScorers(
  bundle: ModelBundle,
  statistics: { repeat: RepeatPurchaseScorer; popularity: PopularityScorer } = bundle,
): Map<BundleSourceName, Scorer> {
  const out = new Map<BundleSourceName, Scorer>([
    ['repeat', statistics.repeat],
    ['popularity', statistics.popularity],
  ]);
  for (const [kind, model] of Object.entries(bundle.models)) if (model) out.set(kind as BundleSourceName, model);
  if (bundle.itemItem) out.set('item-item', bundle.itemItem);
  return out;
}

/** The blend a bundle serves, with its manifest's weights (or given ones, e.g. a placement's). */
export function bundleBlend(
  bundle: ModelBundle,
  statistics?: { repeat: RepeatPurchaseScorer; popularity: PopularityScorer },
  weights: readonly BlendSourceSpec[] = bundle.manifest.blend,
): BlendScorer {
  const scorers = bundleSourceScorers(bundle, statistics);
  const components = weights
    .filter((w) => w.weight !== 0)
    .map((w) => {
      const scorer = scorers.get(w.name);
      if (!scorer) throw new Error(`blend source "${w.name}" is not in artifact ${bundle.manifest.version}`);
      return { name: w.name, weight: w.weight, normalisation: w.normalisation, scorer };
    });
  return new BlendScorer(components);
}
