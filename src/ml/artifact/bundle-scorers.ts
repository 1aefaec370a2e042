import { BlendScorer } from '../blend/blend-scorer.js';
import type { Scorer } from '../scorer.js';
import type { PopularityScorer } from '../baselines/popularity-scorer.js';
import type { RepeatPurchaseScorer } from '../models/repeat-purchase-scorer.js';
import type { BlendSourceSpec, BundleSourceName, ModelBundle } from './model-bundle.js';
import type { TrainingData } from '../data/training-data.js';
import type { ItemFeatures } from '../dataset.js';
import { ItemStatistics } from '../ranking/item-statistics.js';
import { LearnedRanker, type RankerHead } from '../ranking/learned-ranker.js';
import { RankerScorer } from '../ranking/ranker-scorer.js';
import { SCORE_SOURCES } from '../ranking/score-sources.js';
import { latestBasketScorer, type SourceScorers } from '../ranking/source-scorers.js';

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

/**
 * The bundle's learned ranker as scorers per head, over item statistics refitted on `train` (the held-out replay's
 * training histories) and the bundle's sources as given. Outside each pool: -Infinity, as the service blends it, or
 * popularity order, as the training job evaluates it.
 * Null without a ranker. The caller disposes the returned ranker.
 */
export function bundleRankerScorers(
  bundle: ModelBundle,
  sources: ReadonlyMap<BundleSourceName, Scorer>,
  train: TrainingData,
  outside: 'popularity-order' | 'no-evidence' = 'no-evidence',
): { all?: Scorer; new?: Scorer; dispose: () => void } | null {
  const fitted = bundle.ranker;
  if (!fitted) return null;
  const prices: ItemFeatures[] = fitted.stats.state.price.map((price) => ({
    title: '',
    description: null,
    categories: [],
    price: Number.isFinite(price) ? price : null,
  }));
  const stats = ItemStatistics.fit(train.histories, train.numItems, prices);
  const ranker = new LearnedRanker(fitted.heads, fitted.pool, stats);
  const rows = rankerSourcesOf(sources);
  const head = (h: RankerHead) =>
    ranker.has(h) ? new RankerScorer(ranker, h, rows, stats.endMs, `Ranker (${h})`, outside) : undefined;
  return { all: head('all'), new: head('new'), dispose: () => ranker.dispose() };
}

/** The bundle's scorers as the ranker's sources (item-to-item also over the latest basket alone). */
export function rankerSourcesOf(sources: ReadonlyMap<BundleSourceName, Scorer>): SourceScorers {
  const rows: SourceScorers = {};
  for (const name of SCORE_SOURCES) {
    const scorer = name === 'item-item-latest' ? sources.get('item-item') : sources.get(name as BundleSourceName);
    if (scorer) rows[name] = name === 'item-item-latest' ? latestBasketScorer(scorer, name) : scorer;
  }
  return rows;
}
