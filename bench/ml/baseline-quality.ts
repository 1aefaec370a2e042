// Runs the default evaluation protocol on the Online Retail file: baselines, the repeat-purchase
// model and the validation-fitted blend, all in one run. Wired into `npm run bench` / `tailor evaluate`.
import {
  BASELINE_KINDS,
  evaluateTunedBaseline,
  tuneBaselines,
  type TunedBaseline,
} from '../../src/ml/baselines/tuned-baselines.js';
import { baselineRecipes } from '../../src/ml/blend/baseline-recipes.js';
import { fitBlend, type BlendRecipe, type FittedBlend } from '../../src/ml/blend/fit-blend.js';
import { splitLastBasket, validationSplit } from '../../src/ml/data/holdout-split.js';
import { loadOnlineRetailDataset, type OnlineRetailLoadOptions } from '../../src/ml/data/online-retail-dataset.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import { buildUserHistories } from '../../src/ml/data/user-histories.js';
import { evaluate, type EvaluationResult } from '../../src/ml/evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, type EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import { formatMetricsTable } from '../../src/ml/evaluation/metrics-table.js';
import { RepeatPurchaseScorer, type RepeatPurchaseParams } from '../../src/ml/models/repeat-purchase-scorer.js';

export interface BaselineQualityOptions extends OnlineRetailLoadOptions {
  protocol?: EvaluationProtocol;
  /** Extra blend sources (e.g. the TF models' recipes); the baseline recipes are always included. */
  extraRecipes?: BlendRecipe[];
  /** Skip the blend (baselines and repeat model only). */
  skipBlend?: boolean;
  log?: (message: string) => void;
}

export interface BaselineQualityReport {
  protocol: EvaluationProtocol;
  data: { users: number; items: number; interactions: number; testUsers: number; validationUsers: number };
  results: EvaluationResult[];
  repeatParams: RepeatPurchaseParams;
  /** The baselines' chosen hyper-parameters and the CPU-bound time their validation search took. */
  baselines: { tuned: Omit<TunedBaseline, 'scorers'>[]; tuneSeconds: number };
  blend?: Omit<FittedBlend, 'scorer'>;
  table: string;
  seconds: number;
}

export async function runBaselineQuality(options: BaselineQualityOptions = {}): Promise<BaselineQualityReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const protocol = options.protocol ?? DEFAULT_PROTOCOL;
  const { dataset } = await loadOnlineRetailDataset(options);
  const split = splitLastBasket(buildUserHistories(dataset), dataset.itemIds.length, {
    minBaskets: protocol.minBaskets,
  });
  const val = validationSplit(split, { minBaskets: protocol.minBaskets });
  log(`data: ${dataset.userIds.length} users, ${dataset.itemIds.length} items, ${split.test.length} held-out users`);
  const train: TrainingData = { numItems: split.numItems, histories: split.train, items: dataset.items };
  const results: EvaluationResult[] = [];
  const run = async (
    label: string,
    fit: () => Promise<import('../../src/ml/scorer.js').Scorer> | import('../../src/ml/scorer.js').Scorer,
  ) => {
    const t = performance.now();
    const scorer = await fit();
    const fitSeconds = (performance.now() - t) / 1000;
    const r = await evaluate(scorer, split, protocol);
    r.seconds += fitSeconds;
    results.push(r);
    log(`${label}: fit ${fitSeconds.toFixed(1)} s, evaluated in ${r.seconds.toFixed(1)} s total`);
    return scorer;
  };
  // every baseline tuned on the validation split (per setting), then evaluated on the test baskets
  const tuneStarted = performance.now();
  const baselines = await tuneBaselines(split, BASELINE_KINDS, { protocol, log: (m) => log(`tuned ${m}`) });
  const tuneSeconds = (performance.now() - tuneStarted) / 1000;
  for (const t of baselines) {
    const r = await evaluateTunedBaseline(t, split, protocol);
    results.push(r);
    log(`${r.scorer}: evaluated in ${r.seconds.toFixed(1)} s`);
  }
  let repeatParams: RepeatPurchaseParams | undefined;
  await run('RepeatPurchase', async () => {
    const fitted = await RepeatPurchaseScorer.fitOnValidation(val, train, { protocol });
    repeatParams = fitted.params;
    log(`RepeatPurchase: validation picked ${JSON.stringify(fitted.params)} (${fitted.validationScore.toFixed(4)})`);
    return fitted.scorer;
  });
  let blend: FittedBlend | undefined;
  if (!options.skipBlend) {
    await run('Blend', async () => {
      blend = await fitBlend(split, [...baselineRecipes(), ...(options.extraRecipes ?? [])], {
        protocol,
        items: dataset.items,
        log,
      });
      return blend.scorer;
    });
  }
  const { scorer: _scorer, ...blendInfo } = blend ?? ({} as FittedBlend);
  return {
    protocol,
    data: {
      users: dataset.userIds.length,
      items: dataset.itemIds.length,
      interactions: dataset.interactions.length,
      testUsers: split.test.length,
      validationUsers: val.test.length,
    },
    results,
    repeatParams: repeatParams!,
    baselines: { tuned: baselines.map(({ scorers: _scorers, ...rest }) => rest), tuneSeconds },
    blend: blend ? blendInfo : undefined,
    table: formatMetricsTable(results),
    seconds: (performance.now() - started) / 1000,
  };
}
