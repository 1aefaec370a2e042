// Stage "evaluate": on the held-out last baskets, the served blend, each source alone and the baselines (tuned on
// the validation split); with a learned ranker, its heads replace the linear blend where training kept them and the
// linear blend stays in the report.
import type { TunedBaseline } from '../../src/ml/baselines/tuned-baselines.js';
import { tuneBaselines } from '../../src/ml/baselines/tuned-baselines.js';
import { PopularityScorer } from '../../src/ml/baselines/popularity-scorer.js';
import type { HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { ItemFeatures, UserHistory } from '../../src/ml/dataset.js';
import { primaryMetricValue } from '../../src/ml/evaluation/evaluate.js';
import type { EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import { rankerSources } from '../../src/ml/ranking/blend-recipe-sources.js';
import type { FitRankerResult } from '../../src/ml/ranking/fit-ranker.js';
import type { Scorer } from '../../src/ml/scorer.js';
import { baselineKinds, evaluateSuite, withRankerRows, type SuiteRow } from '../evaluation-suite.js';
import { evaluateRanker, type EvaluatedRanker } from '../ranker-stage.js';
import type { StageTimer } from '../stage-timer.js';
import type { TrainConfig } from '../train-config.js';
import type { TrainProgress } from '../train-progress.js';
import type { SourceModels } from './fit-sources.stage.js';
import type { TrainingStatistics } from './training-statistics.stage.js';

export interface EvaluationInput {
  split: HoldoutSplit;
  /** The test users evaluated: the split's, or a seeded sample of them beyond `evaluation.maxUsers`. */
  testSplit?: HoldoutSplit;
  trainData: TrainingData;
  /** Every user's whole history: the served ranker's item statistics. */
  allHistories: readonly UserHistory[];
  items: readonly ItemFeatures[];
  served: Scorer;
  models: SourceModels;
  statistics: TrainingStatistics;
  /** The fitted ranker; its validation network is disposed here once evaluated. */
  ranker: FitRankerResult | null;
}

export interface Evaluation {
  rows: SuiteRow[];
  /** The served row's primary metric. */
  primary: number;
  tunedBaselines: TunedBaseline[];
  /** Present when the ranker kept a head: its test results and the ranker to serve. */
  ranker: EvaluatedRanker | null;
}

export async function evaluateOnTestBaskets(
  input: EvaluationInput,
  options: {
    config: Pick<TrainConfig, 'models' | 'baselines'>;
    protocol: EvaluationProtocol;
    timer: StageTimer;
    progress: TrainProgress;
  },
): Promise<Evaluation> {
  const { split, statistics } = input;
  const { config, protocol, timer, progress } = options;
  const sourceModels = config.models.map((m) => input.models[m]!);
  const tunedBaselines = await timer.run('tune baselines on the validation split', () =>
    tuneBaselines(split, baselineKinds(config.baselines), {
      protocol,
      ease: statistics.easeBaseline,
      log: (m) => progress.log(`baseline ${m}`),
    }),
  );
  const rows = await timer.run('evaluate served blend, models and baselines on the test baskets', () =>
    evaluateSuite(
      input.testSplit ?? split,
      protocol,
      {
        served: input.served,
        sources: [...sourceModels, ...(statistics.itemItem ? [statistics.itemItem] : []), statistics.repeat],
        baselines: config.baselines,
        ease: statistics.easeBaseline,
        tuned: tunedBaselines,
      },
      (name) => progress.log(`evaluated ${name}`),
    ),
  );
  const ranker = await evaluateKeptRanker(input, { config, protocol, timer });
  const finalRows = ranker ? withRankerRows(rows, ranker.results) : rows;
  return { rows: finalRows, primary: primaryMetricValue(finalRows[0].result), tunedBaselines, ranker };
}

async function evaluateKeptRanker(
  input: EvaluationInput,
  options: { config: Pick<TrainConfig, 'models'>; protocol: EvaluationProtocol; timer: StageTimer },
): Promise<EvaluatedRanker | null> {
  const fitted = input.ranker?.ranker;
  if (!fitted) return null;
  const { statistics } = input;
  try {
    return await options.timer.run('evaluate the learned ranker on the test baskets', () =>
      evaluateRanker(
        fitted,
        input.testSplit ?? input.split,
        input.allHistories,
        input.items,
        rankerSources(
          new Map<string, Scorer>([
            ['Popularity', PopularityScorer.fit(input.trainData, { halfLifeDays: statistics.popularityHalfLifeDays })],
            ['RepeatPurchase', statistics.repeat],
            ...options.config.models.map((m) => [m, input.models[m]!] as const),
            ...(statistics.itemItem ? [['ItemItem', statistics.itemItem] as const] : []),
          ]),
        ),
        options.protocol,
      ),
    );
  } finally {
    fitted.dispose();
  }
}
