// Stage "fit sources": the TF.js models, trained once on the validation-training data (every user's last two
// baskets held out). They encode each user from the history given at scoring time, so the same weights score
// validation users (for blend weights), test users (with their longer histories) and live traffic.
import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { StageTimer } from '../stage-timer.js';
import type { ModelName, TrainConfig } from '../train-config.js';
import type { TrainProgress } from '../train-progress.js';
import { trainModel, type LossCurve } from './train-model.js';

export type SourceModels = Partial<Record<ModelName, TrainedModel>>;

export interface FittedSources {
  models: SourceModels;
  lossCurves: LossCurve[];
}

export async function fitSourceModels(
  data: TrainingData,
  config: Pick<TrainConfig, 'models' | 'seed' | ModelName>,
  run: { timer: StageTimer; progress: TrainProgress },
): Promise<FittedSources> {
  const models: SourceModels = {};
  const lossCurves: LossCurve[] = [];
  for (const name of config.models) {
    const trained = await run.timer.run(`train ${name} model`, () =>
      trainModel({ name, data, hyperParams: config[name], seed: config.seed, progress: run.progress }),
    );
    models[name] = trained.model;
    lossCurves.push(trained.lossCurve);
    run.progress.modelDone(name);
  }
  return { models, lossCurves };
}
