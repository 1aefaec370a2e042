// A shopper's served scores over the model's items: the bundle's linear blend (manifest.blend, the weights
// fitted on validation; the learned ranker re-orders a short pool only, so it cannot rank a target that is
// outside it), accumulated with the serving path's own normalisation. Pure.
import type { BlendSourceSpec } from '../artifact/model-bundle.js';
import type { UserHistory } from '../dataset.js';
import { addNormalised, rowNormaliser } from '../serving/dense-blend.js';
import type { ServingModel } from '../serving/serving-model.js';

/** The blend sources a model can score densely for one user (the ranker and unknown sources left out). */
export function denseBlendOf(model: ServingModel, blend: readonly BlendSourceSpec[]): BlendSourceSpec[] {
  return blend.filter((b) => b.weight !== 0 && b.name !== 'ranker' && model.has(b.name));
}

/** Σ_s w_s · norm_s(scores_s) over the first `model.numItems` items, written into `out` (reused across users). */
export function blendedUserScores(
  model: ServingModel,
  history: UserHistory,
  blend: readonly BlendSourceSpec[],
  out: Float32Array = new Float32Array(model.numItems),
): Float32Array {
  const acc = out.subarray(0, model.numItems);
  acc.fill(0);
  for (const source of blend) {
    const scores = model.scoreUser(history, source.name);
    const norm = rowNormaliser(scores, source.normalisation, Math.min(scores.length, acc.length));
    addNormalised(acc, scores, source.weight, norm);
  }
  return acc;
}
