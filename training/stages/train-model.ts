// One TF.js model trained (or continued from warm-start weights), with its per-epoch loss curve for the report.
import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import { CollaborativeModel, defaultCollaborativeHyperParams } from '../../src/ml/models/collaborative-model.js';
import { ContentModel, defaultContentHyperParams } from '../../src/ml/models/content-model.js';
import { SequenceModel, defaultSequenceHyperParams } from '../../src/ml/models/sequence-model.js';
import type { ModelName } from '../train-config.js';
import type { TrainProgress } from '../train-progress.js';

export interface LossCurve {
  model: string;
  losses: number[];
}

export interface TrainModelRequest {
  name: ModelName;
  data: TrainingData;
  hyperParams: Record<string, unknown>;
  seed: number;
  progress: TrainProgress;
  /** The name on the progress display and the loss curve; default the model's name. */
  label?: string;
  /** Weights to continue from instead of a fresh initialisation. */
  warmStart?: TrainedModel;
}

export async function trainModel(request: TrainModelRequest): Promise<{ model: TrainedModel; lossCurve: LossCurve }> {
  const { name, data, hyperParams: hp, progress, warmStart } = request;
  const label = request.label ?? name;
  const losses: number[] = [];
  const maxEpochs = typeof hp.maxEpochs === 'number' ? hp.maxEpochs : defaultMaxEpochs(name, data.numItems);
  const options = {
    seed: request.seed,
    onEpoch: (epoch: number, loss: number, r: { validation?: number }) => {
      losses.push(loss);
      progress.epoch(label, epoch, maxEpochs, loss, r.validation);
    },
  };
  const model = await trainByName(name, data, hp, options, warmStart);
  return { model, lossCurve: { model: label, losses } };
}

function trainByName(
  name: ModelName,
  data: TrainingData,
  hp: Record<string, unknown>,
  options: { seed: number; onEpoch: (epoch: number, loss: number, r: { validation?: number }) => void },
  warmStart: TrainedModel | undefined,
): Promise<TrainedModel> {
  switch (name) {
    case 'collaborative':
      return CollaborativeModel.train(data, hp, { ...options, warmStart: warmStart as CollaborativeModel | undefined });
    case 'content':
      return ContentModel.train(data, hp, { ...options, warmStart: warmStart as ContentModel | undefined });
    case 'sequence':
      return SequenceModel.train(data, hp, { ...options, warmStart: warmStart as SequenceModel | undefined });
  }
}

function defaultMaxEpochs(name: ModelName, numItems: number): number {
  // Only for the progress bar's length: the models own their defaults.
  return (
    name === 'collaborative'
      ? defaultCollaborativeHyperParams(numItems)
      : name === 'content'
        ? defaultContentHyperParams(numItems)
        : defaultSequenceHyperParams(numItems)
  ).maxEpochs;
}
