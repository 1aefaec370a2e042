import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOnlineRetail } from '../../src/importer/index.js';
import { bundleBlend, bundleSourceScorers, rankerSourcesOf } from '../../src/ml/artifact/bundle-scorers.js';
import { RankerScorer } from '../../src/ml/ranking/ranker-scorer.js';
import { ServingModel } from '../../src/ml/serving/serving-model.js';
import { disposeBundle, loadBundle } from '../../src/ml/artifact/model-bundle.js';
import type { UserHistory } from '../../src/ml/dataset.js';
import { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';
import { runEvaluateJob } from '../../training/evaluate-job.js';
import type { TrainConfig } from '../../training/train-config.js';
import { runTrainJob, TrainDataError, type TrainJobResult } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';
import { smallTrainConfig } from '../support/small-model.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

// End-to-end training on a real slice of Online Retail in a real PostgreSQL: small epochs, fixed seed,
// no wall-clock budgets (so the run is deterministic).
describe('training job (real PostgreSQL, real Online Retail slice)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let config: TrainConfig;
  let first: TrainJobResult;

  beforeAll(async () => {
    db = await createTestDatabase('train_job');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-models-'));
    await importOnlineRetail(db.dataSource, await writeOnlineRetailSample(25_000));
    config = smallTrainConfig(modelsDir, { baselines: ['popularity', 'repeat-frequency', 'item-knn'] });
    first = await runTrainJob(db.dataSource, config, silentTrainProgress);
  });
  afterAll(async () => {
    await db.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('writes an artifact with manifest, weights and both reports, registers and activates it', async () => {
    for (const f of [
      'manifest.json',
      'repeat.json',
      'popularity.bin',
      'collaborative.json',
      'collaborative.weights.bin',
      'content.json',
      'sequence.json',
      'item-item.json',
      'item-item.bin',
      'report.md',
      'report.html',
    ]) {
      expect(existsSync(join(first.artifactDir, f))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(first.artifactDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      version: first.version,
      modelTypes: ['collaborative', 'content', 'sequence', 'repeat', 'popularity', 'item-item'],
      protocol: { split: 'last-basket', minBaskets: 2, primaryMetric: 'ndcg@10:all', seed: 42 },
      seed: 42,
    });
    expect(manifest.itemIds.length).toBe(manifest.dataWindow.items);
    // the blend's popularity half-life (null = all-time counts) and the refit are recorded
    expect(manifest.hyperParameters.refit).toBe('full');
    expect(Object.keys(manifest.hyperParameters.popularity)).toEqual(['halfLifeDays']);
    // each model trained twice: with early stopping, then again on all training data for at most as many epochs
    const curves = first.report.lossCurves;
    expect(curves.map((c) => c.model)).toEqual([
      'collaborative',
      'content',
      'sequence',
      'collaborative (refit)',
      'content (refit)',
      'sequence (refit)',
    ]);
    for (let i = 0; i < 3; i++) {
      expect(curves[i + 3].losses.length).toBeGreaterThanOrEqual(1);
      expect(curves[i + 3].losses.length).toBeLessThanOrEqual(curves[i].losses.length);
    }
    expect(manifest.blend.map((b: { name: string }) => b.name)).toEqual([
      'popularity',
      'repeat',
      'collaborative',
      'content',
      'sequence',
      'item-item',
    ]);
    expect(readFileSync(join(first.artifactDir, 'report.html'), 'utf8')).toContain('<svg');
    expect(first.activation).toEqual({ activate: true, reason: 'no version was active' });
    const registry = new ModelVersionRepository(db.dataSource);
    expect(await registry.activeVersionId()).toBe(first.version);
    expect((await registry.findById(first.version))?.primaryMetric).toBeCloseTo(first.manifest.primaryMetric.value, 10);
  });

  it('evaluates the served blend beside every source and baseline, and the blend beats popularity', () => {
    const rows = first.manifest.evaluation;
    expect(rows.map((r) => [r.kind, r.scorer])).toEqual([
      ['served', 'Tailor (served blend)'],
      ['model', 'collaborative'],
      ['model', 'content'],
      ['model', 'sequence'],
      ['model', 'item-item'],
      ['model', 'RepeatPurchase'],
      ['baseline', expect.stringMatching(/^Pop/)],
      ['baseline', 'P-TopFreq'],
      ['baseline', expect.stringMatching(/^ItemKNN/)],
    ]);
    const ndcg = (name: string) => rows.find((r) => r.scorer.startsWith(name))!.settings.all.metrics['ndcg@10'];
    expect(ndcg('Tailor (served blend)')).toBeGreaterThan(ndcg('Pop'));
    expect(first.manifest.primaryMetric.value).toBe(ndcg('Tailor (served blend)'));
  });

  it('is deterministic for a seed, and if-better does not activate a version that is not better', async () => {
    const second = await runTrainJob(db.dataSource, config, silentTrainProgress);
    expect(second.version).not.toBe(first.version);
    expect(second.manifest.evaluation).toEqual(first.manifest.evaluation);
    expect(second.manifest.blend).toEqual(first.manifest.blend);
    expect(second.activation.activate).toBe(false);
    expect(second.activation.reason).toMatch(/does not beat active/);
    expect(await new ModelVersionRepository(db.dataSource).activeVersionId()).toBe(first.version);
  });

  it('tailor evaluate reproduces the metrics stored in the manifest from the saved artifact', async () => {
    const r = await runEvaluateJob(db.dataSource, { modelsDir, baselines: config.baselines });
    expect(r.version).toBe(first.version);
    const byName = (rows: { scorer: string }[]) => rows.map((x) => x.scorer);
    expect(byName(r.results.map((x) => x.result))).toEqual(byName(first.manifest.evaluation));
    r.results.forEach(({ result }, i) => {
      const stored = first.manifest.evaluation[i].settings;
      for (const s of result.settings) {
        for (const [metric, value] of Object.entries(s.metrics))
          expect(value).toBeCloseTo(stored[s.setting].metrics[metric], 6);
      }
    });
  });

  it('keeps the learned ranker when told to; tailor evaluate and serving reproduce it from the artifact', async () => {
    const ranker = { ...(config.ranker as Exclude<TrainConfig['ranker'], false>), keep: 'always' as const };
    const trained = await runTrainJob(
      db.dataSource,
      { ...config, activate: 'never', ranker: { ...ranker, network: { ensemble: 1, l2Grid: [0.01], maxEpochs: 4 } } },
      silentTrainProgress,
    );
    // the slice has enough validation lists for the 'all' head only; the report says why not for 'new'
    expect(trained.manifest.ranker?.heads).toEqual(['all']);
    expect(trained.manifest.ranker?.verdicts[1]).toMatchObject({ head: 'new', kept: false });
    expect(trained.manifest.ranker?.verdicts[1].reason).toMatch(/too few lists/);
    expect(trained.manifest.modelTypes).toContain('ranker');
    expect(existsSync(join(trained.artifactDir, 'ranker.bin'))).toBe(true);
    const rows = trained.manifest.evaluation;
    expect(rows.slice(0, 4).map((r) => [r.kind, r.scorer])).toEqual([
      ['served', 'Tailor (served blend)'],
      ['model', 'Linear blend'],
      ['model', 'Ranker (all)'],
      ['model', expect.any(String)],
    ]);
    // the served row takes each setting from the head that serves it
    expect(rows[0].settings.all).toEqual(rows[2].settings.all);
    expect(rows[0].settings.new).toEqual(rows[1].settings.new);

    const again = await runEvaluateJob(db.dataSource, {
      modelsDir,
      version: trained.version,
      baselines: config.baselines,
    });
    expect(again.results.map((x) => x.result.scorer)).toEqual(rows.map((r) => r.scorer));
    again.results.forEach(({ result }, i) => {
      for (const s of result.settings)
        for (const [metric, value] of Object.entries(s.metrics))
          expect(value).toBeCloseTo(rows[i].settings[s.setting].metrics[metric], 6);
    });

    // The service's ranking of a pool (plain-TypeScript forward passes of the sources) is the offline one.
    const bundle = await loadBundle(trained.artifactDir);
    const model = ServingModel.load(bundle);
    try {
      const n = model.numItems;
      const history: UserHistory = {
        user: -1,
        baskets: [0, 1, 2].map((b) => ({
          id: b,
          time: Date.UTC(2011, 0, 3 + b),
          items: [b, b + 3, b + 6],
          quantities: [1, 1, 1],
        })),
      };
      expect(model.rankUser(history, 'new')).toBeNull();
      const served = model.rankUser(history, 'all')!;
      expect(served.pool.length).toBeGreaterThan(10);
      // the user's own items open the pool
      expect(Array.from(served.pool.subarray(0, 9)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      const offline = new RankerScorer(
        bundle.ranker!,
        'all',
        rankerSourcesOf(bundleSourceScorers(bundle)),
        bundle.ranker!.stats.endMs,
      );
      const row = await offline.scoreUsers([history]);
      served.pool.forEach((i, r) => expect(served.scores[r]).toBeCloseTo(row[i], 3));
      expect(row.length).toBe(n);
    } finally {
      model.dispose();
    }
  });

  it('a loaded bundle answers for a user unknown at training time, from the history alone', async () => {
    const bundle = await loadBundle(first.artifactDir);
    try {
      const basket = (items: number[], day: number) => ({
        id: day,
        time: Date.UTC(2011, 0, day),
        items,
        quantities: items.map(() => 1),
      });
      const cold: UserHistory = { user: -1, baskets: [basket([0, 1, 2], 5)] };
      const other: UserHistory = { user: -1, baskets: [basket([3, 4], 6)] };
      const scores = await bundleBlend(bundle).scoreUsers([cold, other]);
      const n = bundle.manifest.itemIds.length;
      expect(scores.length).toBe(2 * n);
      expect(Array.from(scores).every(Number.isFinite)).toBe(true);
      // the history matters: two different users get different rankings
      expect(scores.subarray(0, n)).not.toEqual(scores.subarray(n));
    } finally {
      disposeBundle(bundle);
    }
  });

  it('refuses to train without purchases, naming the problem', async () => {
    const empty = await createTestDatabase('train_job_empty');
    try {
      await expect(runTrainJob(empty.dataSource, config, silentTrainProgress)).rejects.toThrow(TrainDataError);
      await expect(runTrainJob(empty.dataSource, config, silentTrainProgress)).rejects.toThrow(/import data first/);
    } finally {
      await empty.drop();
    }
  });
});
