import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import { BlendScorer } from '../../src/ml/blend/blend-scorer.js';
import type { BlendRecipe } from '../../src/ml/blend/fit-blend.js';
import { DEFAULT_PROTOCOL } from '../../src/ml/evaluation/evaluation-protocol.js';
import { DEFAULT_REPEAT_PARAMS, type RepeatPurchaseScorer } from '../../src/ml/models/repeat-purchase-scorer.js';
import type { FitRankerResult } from '../../src/ml/ranking/fit-ranker.js';
import type { SuiteRow } from '../evaluation-suite.js';
import { blendSpecOf, buildManifest, newVersionId, type ArtifactInput } from './build-artifact.stage.js';

describe('blendSpecOf', () => {
  it('names every recipe by its served source and gives a dropped recipe weight 0', () => {
    const fit = () => ({ name: 'x', scoreUsers: () => new Float32Array(0) });
    const recipes: BlendRecipe[] = [
      { name: 'Popularity', fit, normalisation: 'zscore' },
      { name: 'RepeatPurchase', fit },
      { name: 'ItemItem', fit, normalisation: 'zscore' },
    ];
    expect(blendSpecOf(recipes, { Popularity: 0.25, RepeatPurchase: 3 })).toEqual([
      { name: 'popularity', weight: 0.25, normalisation: 'zscore' },
      { name: 'repeat', weight: 3, normalisation: 'zscore' },
      { name: 'item-item', weight: 0, normalisation: 'zscore' },
    ]);
  });
});

describe('newVersionId', () => {
  it('sorts by time and differs between two versions of the same second', () => {
    const at = new Date('2026-11-23T04:10:05.123Z');
    expect(newVersionId(at)).toMatch(/^v20261123-041005-[0-9a-f]{4}$/);
    expect(newVersionId(new Date('2026-11-23T04:10:06Z')) > newVersionId(at)).toBe(true);
    const ids = new Set(Array.from({ length: 20 }, () => newVersionId(at)));
    expect(ids.size).toBeGreaterThan(1);
  });
});

describe('buildManifest', () => {
  const rows: SuiteRow[] = [
    {
      kind: 'served',
      result: {
        scorer: 'Tailor (served blend)',
        protocol: DEFAULT_PROTOCOL,
        settings: [{ setting: 'all', users: 12, metrics: { 'ndcg@10': 0.31 } }],
        seconds: 2,
      },
    },
  ];
  const input = (overrides: Partial<ArtifactInput> = {}): ArtifactInput => ({
    config: { models: ['collaborative'], refit: 'full', ease: { lambda: 500 }, seed: 7 },
    protocol: { ...DEFAULT_PROTOCOL, primaryMetric: 'ndcg@10:all' },
    backend: 'wasm',
    dataWindow: { from: null, to: null, purchaseEvents: 3, users: 2, items: 2 },
    itemIds: ['a', 'b'],
    allData: { numItems: 2, histories: [] },
    recipes: [{ name: 'Popularity', fit: () => ({ name: 'p', scoreUsers: () => new Float32Array(0) }) }],
    blend: {
      scorer: new BlendScorer([]),
      weights: { Popularity: 1 },
      objective: 'ndcg@10:all',
      validationScore: 0.2,
      singleSource: {},
      validationUsers: 9,
    },
    models: { collaborative: { hyperParams: { dim: 8 } } as unknown as TrainedModel },
    statistics: {
      repeat: {} as RepeatPurchaseScorer,
      repeatParams: DEFAULT_REPEAT_PARAMS,
      popularityHalfLifeDays: Infinity,
    },
    ranker: null,
    evaluation: { rows, primary: 0.31, tunedBaselines: [], ranker: null },
    ...overrides,
  });
  const identity = { version: 'v1', createdAt: '2026-12-07T00:00:00.000Z', trainingSeconds: 4 };

  it('records the sources, the evaluation rows and the primary metric of the served row', () => {
    const manifest = buildManifest(input(), identity);
    expect(manifest).toMatchObject({
      version: 'v1',
      backend: 'wasm',
      modelTypes: ['collaborative', 'repeat', 'popularity'],
      itemIds: ['a', 'b'],
      primaryMetric: { name: 'ndcg@10:all', value: 0.31 },
      blend: [{ name: 'popularity', weight: 1, normalisation: 'zscore' }],
      seed: 7,
      trainingSeconds: 4,
    });
    expect(manifest.evaluation).toEqual([
      {
        scorer: 'Tailor (served blend)',
        kind: 'served',
        settings: { all: { users: 12, metrics: { 'ndcg@10': 0.31 } } },
      },
    ]);
    expect(manifest.ranker).toBeUndefined();
  });

  it('stores an all-time popularity as a null half-life (JSON has no Infinity) and each model its hyper-parameters', () => {
    const hp = buildManifest(input(), identity).hyperParameters;
    expect(hp.popularity).toEqual({ halfLifeDays: null });
    expect(hp.collaborative).toEqual({ dim: 8 });
    expect(hp.blend).toEqual({ objective: 'ndcg@10:all', validationScore: 0.2, validationUsers: 9 });
    const halfLife = buildManifest(
      input({ statistics: { ...input().statistics, popularityHalfLifeDays: 30 } }),
      identity,
    ).hyperParameters;
    expect(halfLife.popularity).toEqual({ halfLifeDays: 30 });
  });

  it('lists the ranker verdicts even when no head was kept, and no ranker source then', () => {
    const ranker = {
      verdicts: [{ head: 'all', kept: false, reason: 'the linear blend ranks better' }],
      params: { users: 10 },
    } as unknown as FitRankerResult;
    const manifest = buildManifest(input({ ranker }), identity);
    expect(manifest.ranker).toEqual({
      heads: [],
      verdicts: [{ head: 'all', kept: false, reason: 'the linear blend ranks better' }],
    });
    expect(manifest.modelTypes).not.toContain('ranker');
  });
});
