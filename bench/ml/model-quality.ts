// Model-quality bench: trains the TF.js models (collaborative, content, sequence) on a split of the Online Retail
// file and evaluates each with the default protocol next to the popularity baseline, all in one run. Used by the
// model-quality spec on a small slice and, on the full file, to measure NDCG@10 and training seconds:
//   node dist/bench/ml/model-quality.js [collaborative,content,sequence] [maxUsers|all] [hyper-params JSON]
import { loadavg } from 'node:os';
import { PopularityScorer } from '../../src/ml/baselines/popularity-scorer.js';
import { splitLastBasket, type HoldoutSplit } from '../../src/ml/data/holdout-split.js';
import { loadOnlineRetailDataset, type OnlineRetailLoadOptions } from '../../src/ml/data/online-retail-dataset.js';
import { buildUserHistories } from '../../src/ml/data/user-histories.js';
import { evaluate, type EvaluationResult } from '../../src/ml/evaluation/evaluate.js';
import { DEFAULT_PROTOCOL, type EvaluationProtocol } from '../../src/ml/evaluation/evaluation-protocol.js';
import { CollaborativeModel, type CollaborativeHyperParams } from '../../src/ml/models/collaborative-model.js';
import { ContentModel, type ContentHyperParams } from '../../src/ml/models/content-model.js';
import { SequenceModel, type SequenceHyperParams } from '../../src/ml/models/sequence-model.js';
import type { LoopResult } from '../../src/ml/models/shared/softmax-trainer.js';
import type { ModelTrainingData } from '../../src/ml/models/shared/training-types.js';
import { registerTrainingKernels } from '../../src/ml/tf/kernels/training-kernels.js';
import { initTf } from '../../src/ml/tf/tf-backend.js';

export type ModelKind = 'collaborative' | 'content' | 'sequence';
export const MODEL_KINDS: ModelKind[] = ['collaborative', 'content', 'sequence'];

export interface ModelQualityOptions extends OnlineRetailLoadOptions {
  models?: ModelKind[];
  protocol?: EvaluationProtocol;
  seed?: number;
  collaborative?: Partial<CollaborativeHyperParams>;
  content?: Partial<ContentHyperParams>;
  sequence?: Partial<SequenceHyperParams>;
  log?: (message: string) => void;
}

export interface ModelQualityRow {
  scorer: string;
  ndcgAll: number;
  ndcgNew: number;
  trainSeconds: number;
  /** 1-minute load average when training ended (timings on a loaded machine are inflated). */
  load: number;
  training: LoopResult | null;
  result: EvaluationResult;
}

export interface ModelQualityReport {
  data: { users: number; items: number; testUsers: number };
  rows: ModelQualityRow[];
}

const ndcg = (r: EvaluationResult, setting: 'all' | 'new') =>
  r.settings.find((s) => s.setting === setting)?.metrics['ndcg@10'] ?? Number.NaN;

export async function runModelQuality(options: ModelQualityOptions = {}): Promise<ModelQualityReport> {
  const log = options.log ?? (() => undefined);
  const protocol = options.protocol ?? DEFAULT_PROTOCOL;
  const seed = options.seed ?? 42;
  await initTf({ log });
  registerTrainingKernels();
  const { dataset } = await loadOnlineRetailDataset(options);
  const split: HoldoutSplit = splitLastBasket(buildUserHistories(dataset), dataset.itemIds.length, {
    minBaskets: protocol.minBaskets,
  });
  const data: ModelTrainingData = { numItems: split.numItems, histories: split.train, items: dataset.items };
  log(`data: ${dataset.userIds.length} users, ${dataset.itemIds.length} items, ${split.test.length} held-out users`);
  const rows: ModelQualityRow[] = [];
  const run = async (
    fit: () => Promise<
      { name: string; training: LoopResult | null; dispose?: () => void } & import('../../src/ml/scorer.js').Scorer
    >,
  ) => {
    const started = performance.now();
    const scorer = await fit();
    const trainSeconds = (performance.now() - started) / 1000;
    const load = loadavg()[0];
    const result = await evaluate(scorer, split, protocol);
    scorer.dispose?.();
    const row = {
      scorer: scorer.name,
      ndcgAll: ndcg(result, 'all'),
      ndcgNew: ndcg(result, 'new'),
      trainSeconds,
      load,
      training: scorer.training,
      result,
    };
    log(
      `${row.scorer}: ndcg@10 all ${row.ndcgAll.toFixed(4)} new ${row.ndcgNew.toFixed(4)}; train ${trainSeconds.toFixed(1)} s` +
        (scorer.training ? ` (${scorer.training.epochs} epochs, best ${scorer.training.bestEpoch})` : '') +
        `; load ${load.toFixed(1)}`,
    );
    rows.push(row);
  };
  await run(async () => Object.assign(PopularityScorer.fit(data), { training: null }));
  const progress = (name: string) => {
    const started = performance.now();
    return {
      seed,
      onEpoch: (epoch: number, loss: number, r: { validation?: number }) =>
        log(
          `  ${name} epoch ${epoch}: loss ${loss.toFixed(4)}${r.validation !== undefined ? ` val ${r.validation.toFixed(4)}` : ''}` +
            ` at ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ),
    };
  };
  for (const kind of options.models ?? MODEL_KINDS) {
    if (kind === 'collaborative')
      await run(() => CollaborativeModel.train(data, options.collaborative, progress(kind)));
    if (kind === 'content') await run(() => ContentModel.train(data, options.content, progress(kind)));
    if (kind === 'sequence') await run(() => SequenceModel.train(data, options.sequence, progress(kind)));
  }
  return { data: { users: dataset.userIds.length, items: dataset.itemIds.length, testUsers: split.test.length }, rows };
}

// Command line: node dist/bench/ml/model-quality.js [models] [maxUsers] [hyper-params JSON, e.g. '{"sequence":{"dim":32}}']
if (process.argv[1]?.endsWith('model-quality.js')) {
  const models = (process.argv[2] ?? MODEL_KINDS.join(',')).split(',') as ModelKind[];
  const maxUsers = process.argv[3] && process.argv[3] !== 'all' ? Number(process.argv[3]) : undefined;
  const overrides = JSON.parse(process.argv[4] ?? '{}') as Pick<ModelQualityOptions, ModelKind>;
  const report = await runModelQuality({ models, maxUsers, ...overrides, log: (m) => console.log(m) });
  for (const r of report.rows) {
    console.log(
      `${r.scorer}\t${r.ndcgAll.toFixed(4)}\t${r.ndcgNew.toFixed(4)}\t${r.trainSeconds.toFixed(1)} s\tload ${r.load.toFixed(1)}`,
    );
  }
}
