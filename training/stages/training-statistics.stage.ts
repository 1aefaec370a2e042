// Part of stage "evaluate": the non-TF sources as evaluated on the test baskets, fitted on the training data with
// the parameters validation chose. The blend already fitted each source it weights; the rest are fitted here.
import type { EaseScorer } from '../../src/ml/baselines/ease-scorer.js';
import { DEFAULT_EASE_OPTIONS } from '../../src/ml/baselines/ease-scorer.js';
import { PopularityScorer } from '../../src/ml/baselines/popularity-scorer.js';
import type { FittedBlend } from '../../src/ml/blend/fit-blend.js';
import type { HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import type { ItemItemModel } from '../../src/ml/models/item-item-model.js';
import {
  DEFAULT_REPEAT_PARAMS,
  RepeatPurchaseScorer,
  type RepeatPurchaseParams,
} from '../../src/ml/models/repeat-purchase-scorer.js';
import type { StageTimer } from '../stage-timer.js';
import type { TrainConfig } from '../train-config.js';
import type { ItemItemFitter } from './item-item-fitter.js';

export interface TrainingStatistics {
  repeat: RepeatPurchaseScorer;
  repeatParams: RepeatPurchaseParams;
  /** Infinity: plain all-time counts. */
  popularityHalfLifeDays: number;
  /** The item-to-item table, carried by the artifact whenever it is configured (an operator may weight it even
   *  when the fitted blend does not). */
  itemItem?: ItemItemModel;
  /** The dense EASE fitted on the training data, when it is the one the EASE baseline would fit. */
  easeBaseline?: EaseScorer;
}

export async function fitTrainingStatistics(
  split: HoldoutSplit,
  val: HoldoutSplit,
  trainData: TrainingData,
  fitted: { blend: FittedBlend; itemItem: ItemItemFitter | null },
  options: { config: Pick<TrainConfig, 'ease'>; protocol: EvaluationProtocol; timer: StageTimer },
): Promise<TrainingStatistics> {
  const component = <T>(name: string) =>
    fitted.blend.scorer.components.find((c) => c.name === name)?.scorer as T | undefined;
  const repeatFitted = component<RepeatPurchaseScorer>('RepeatPurchase');
  const repeatParams = repeatFitted?.state.params ?? DEFAULT_REPEAT_PARAMS;
  const popularityHalfLifeDays =
    component<PopularityScorer>('Popularity')?.halfLifeDays ??
    (await PopularityScorer.fitOnValidation(val, trainData, { protocol: options.protocol })).halfLifeDays;
  const fitter = fitted.itemItem;
  const itemItem = fitter
    ? (component<ItemItemModel>('ItemItem') ??
      (await options.timer.run('fit the item-to-item table on the training data', () => fitter.fit(trainData))))
    : undefined;
  return {
    repeat: repeatFitted ?? RepeatPurchaseScorer.fit(trainData, repeatParams),
    repeatParams,
    popularityHalfLifeDays,
    itemItem,
    easeBaseline: fitter && reusableEase(fitter, options.config.ease) ? fitter.easeFittedOn(split.train) : undefined,
  };
}

/** The table's dense EASE is the EASE baseline's when both use the same λ and the baseline's item cap. */
export function reusableEase(fitter: Pick<ItemItemFitter, 'params'>, ease: TrainConfig['ease']): boolean {
  const lambda = (ease as { lambda?: number }).lambda ?? DEFAULT_EASE_OPTIONS.lambda;
  return fitter.params.lambda === lambda && fitter.params.maxItems === DEFAULT_EASE_OPTIONS.maxItems;
}
