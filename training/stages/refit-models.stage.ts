// Stage "refit": with the blend weights fixed, each TF model is fitted again on the whole training data, the
// validation baskets included. Those baskets are every user's most recent known behaviour, which the first fit never
// saw; the refitted models are the ones evaluated and served.
import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import { BlendScorer } from '../../src/ml/blend/blend-scorer.js';
import type { FittedBlend } from '../../src/ml/blend/fit-blend.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { StageTimer } from '../stage-timer.js';
import type { ModelName, TrainConfig } from '../train-config.js';
import type { TrainProgress } from '../train-progress.js';
import type { FittedSources, SourceModels } from './fit-sources.stage.js';
import { trainModel } from './train-model.js';

export interface RefitPlan {
  hyperParams: Record<string, unknown>;
  /** Continue from the first fit's weights (true) or start from scratch. */
  warm: boolean;
  /** How the stage is announced: "3 more epochs" or "from scratch, 7 epochs". */
  how: string;
}

/**
 * 'full' retrains from scratch for the epochs early stopping chose (no validation carve-out: the epoch count is
 * already known); a number continues from the first fit's weights for that many epochs.
 */
export function refitPlan(
  refit: Exclude<TrainConfig['refit'], 'none'>,
  hyperParams: Record<string, unknown>,
  first: Pick<TrainedModel, 'training'>,
): RefitPlan {
  const warm = typeof refit === 'number';
  const epochs = warm ? refit : Math.max(1, first.training?.bestEpoch ?? 1);
  return {
    hyperParams: { ...hyperParams, maxEpochs: epochs, validationFraction: 0 },
    warm,
    how: warm ? `${epochs} more epochs` : `from scratch, ${epochs} epochs`,
  };
}

/** The refitted models (the first fits are disposed) and the sources' loss curves with the refits appended. */
export async function refitModels(
  trainData: TrainingData,
  first: FittedSources,
  config: Pick<TrainConfig, 'models' | 'refit' | 'seed' | ModelName>,
  run: { timer: StageTimer; progress: TrainProgress },
): Promise<FittedSources> {
  if (config.refit === 'none') return first;
  const models: SourceModels = { ...first.models };
  const lossCurves = [...first.lossCurves];
  for (const name of config.models) {
    const firstFit = first.models[name]!;
    const plan = refitPlan(config.refit, config[name], firstFit);
    const label = `${name} (refit)`;
    const trained = await run.timer.run(`refit ${name} model on the training data (${plan.how})`, () =>
      trainModel({
        name,
        data: trainData,
        hyperParams: plan.hyperParams,
        seed: config.seed,
        progress: run.progress,
        label,
        warmStart: plan.warm ? firstFit : undefined,
      }),
    );
    models[name] = trained.model;
    lossCurves.push(trained.lossCurve);
    run.progress.modelDone(label);
    firstFit.dispose();
  }
  return { models, lossCurves };
}

/** The blend as served: the fitted weights over the refitted models, the other sources as the blend fitted them. */
export function servedBlendScorer(blend: FittedBlend, models: SourceModels): BlendScorer {
  return new BlendScorer(
    blend.scorer.components.map((c) => ({ ...c, scorer: models[c.name as ModelName] ?? c.scorer })),
  );
}
