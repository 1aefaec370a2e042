// An experiment variant that names a model version is served by that version, end to end: real app (keys
// mode), real PostgreSQL and Redis, two small models trained on the real Online Retail sample (the first
// active, the second only registered).
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOnlineRetail } from '../../src/importer/index.js';
import { assignVariant } from '../../src/ml/experiments/assignment.js';
import type { TrainConfig } from '../../training/train-config.js';
import { runTrainJob } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';
import { smallTrainConfig } from '../support/small-model.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

const SF = 'sf_model_variants_storefront_01';
const ADMIN = 'adm_model_variants_admin_key_01';
const asAdmin = { authorization: `Bearer ${ADMIN}` };
const asShop = { authorization: `Bearer ${SF}` };
const BYPASS = { 'x-tailor-cache': 'bypass' };

const CREATE = `mutation Create($input: CreateExperimentInput!) {
  createExperiment(input: $input) { id variants(first: 10) { name modelVersion } } }`;
const START = `mutation Start($id: ID!) { startExperiment(id: $id) { status } }`;
const STOP = `mutation Stop($id: ID!) { stopExperiment(id: $id) { status } }`;
const SERVED_BY = `query ServedBy($id: ID!) { experiment(id: $id) { report {
  variants { name users servedBy { modelVersion responses } } } } }`;
const RECS = `query Recs($userId: ID!) { recommendations(userId: $userId, limit: 5, placement: HOME) {
  experimentId variant modelVersion cached coldStart items { item { id } } } }`;

describe('experiments (e2e): a variant with a model version is served by that version', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let api: E2eApp;
  let active: string;
  let candidate: string;
  let customers: string[];

  beforeAll(async () => {
    db = await createTestDatabase('e2e_experiment_model_versions');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-variant-models-'));
    await importOnlineRetail(db.dataSource, await writeOnlineRetailSample(12_000));
    const small: Partial<TrainConfig> = { models: ['collaborative'], baselines: ['popularity'] };
    const train = (over: Partial<TrainConfig>) =>
      runTrainJob(db.dataSource, smallTrainConfig(modelsDir, { ...small, ...over }), silentTrainProgress);
    active = (await train({ activate: 'always' })).version;
    candidate = (await train({ seed: 7, activate: 'never' })).version;
    const rows: { id: string }[] = await db.dataSource.query(
      `SELECT u.external_id AS id FROM users u
        WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.id AND e.type = 'purchase')
        ORDER BY u.external_id LIMIT 40`,
    );
    customers = rows.map((r) => r.id);
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-experiment-model-versions'),
      AUTH_MODE: 'keys',
      STOREFRONT_API_KEYS: SF,
      ADMIN_API_KEYS: ADMIN,
      RATE_LIMIT_PER_MINUTE: '0',
      MODELS_DIR: modelsDir,
      DEMO_TRAIN: 'false',
      EXPOSURE_FLUSH_MS: '50',
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('treatment users get the variant’s model version, control users the active one, cached or not', async () => {
    const variants = [
      { name: 'control', trafficShare: 0.5, control: true },
      { name: 'candidate-model', trafficShare: 0.5, modelVersion: candidate },
    ];
    const created = await api.gql<any>(
      CREATE,
      { input: { name: 'Candidate model on HOME', placement: 'HOME', variants } },
      asAdmin,
    );
    expect(created.errors).toBeUndefined();
    const experimentId: string = created.data.createExperiment.id;
    expect(created.data.createExperiment.variants[1]).toEqual({ name: 'candidate-model', modelVersion: candidate });
    expect((await api.gql<any>(START, { id: experimentId }, asAdmin)).data.startExperiment.status).toBe('RUNNING');

    const arm = new Map(customers.map((u) => [u, assignVariant(experimentId, u, variants).name]));
    const treated = customers.filter((u) => arm.get(u) === 'candidate-model');
    expect(treated.length).toBeGreaterThan(0);
    expect(treated.length).toBeLessThan(customers.length);

    for (const userId of customers) {
      const expected = arm.get(userId) === 'candidate-model' ? candidate : active;
      const res = await api.gql<any>(RECS, { userId }, { ...asShop, ...BYPASS });
      expect(res.errors).toBeUndefined();
      const list = res.data.recommendations;
      expect(list).toMatchObject({
        experimentId,
        variant: arm.get(userId),
        modelVersion: expected,
        cached: false,
        coldStart: false,
      });
      expect(list.items).toHaveLength(5);
    }
    // Through the cache: the model version is part of the key, so each arm finds its own lists.
    for (const userId of [treated[0], customers.find((u) => arm.get(u) === 'control')!]) {
      const expected = arm.get(userId) === 'candidate-model' ? candidate : active;
      const first = (await api.gql<any>(RECS, { userId }, asShop)).data.recommendations;
      const second = (await api.gql<any>(RECS, { userId }, asShop)).data.recommendations;
      expect(first).toMatchObject({ modelVersion: expected, cached: false, variant: arm.get(userId) });
      expect(second).toMatchObject({ modelVersion: expected, cached: true, variant: arm.get(userId) });
    }

    // /health shows details (the model versions) to admins only.
    const health = (await (await fetch(`${api.url}/health`, { headers: asAdmin })).json()) as any;
    expect(health.components.model).toEqual({
      status: 'ok',
      detail: `serving ${active}; also loaded for experiments: ${candidate}`,
    });

    // The report says which model served each arm: every response counted, all by the expected version.
    const reported = await api.gql<any>(SERVED_BY, { id: experimentId }, asAdmin);
    expect(reported.errors).toBeUndefined();
    const report = reported.data.experiment.report;
    const servedBy = new Map<string, any>(report.variants.map((v: any) => [v.name, v.servedBy]));
    const controls = customers.length - treated.length;
    // each customer once uncached above; two of them twice more through the cache (one per arm)
    expect(servedBy.get('candidate-model')).toEqual([{ modelVersion: candidate, responses: treated.length + 2 }]);
    expect(servedBy.get('control')).toEqual([{ modelVersion: active, responses: controls + 2 }]);

    // Stopped: everyone is back on the active model.
    expect((await api.gql<any>(STOP, { id: experimentId }, asAdmin)).data.stopExperiment.status).toBe('STOPPED');
    const after = (await api.gql<any>(RECS, { userId: treated[0] }, { ...asShop, ...BYPASS })).data.recommendations;
    expect(after).toMatchObject({ experimentId: null, variant: null, modelVersion: active });
  });

  it('an arm whose version cannot be loaded is served by the active model, and its report says so', async () => {
    const broken = `${candidate}-missing`;
    await db.dataSource.query(
      `INSERT INTO model_versions (id, status, artifact_path, manifest) VALUES ($1, 'registered', $2, '{}')`,
      [broken, join(modelsDir, 'no-such-artifact')],
    );
    const variants = [
      { name: 'control', trafficShare: 0.5, control: true },
      { name: 'broken-model', trafficShare: 0.5, modelVersion: broken },
    ];
    const created = await api.gql<any>(
      CREATE,
      { input: { name: 'Unloadable model on HOME', placement: 'HOME', variants } },
      asAdmin,
    );
    expect(created.errors).toBeUndefined();
    const experimentId: string = created.data.createExperiment.id;
    await api.gql<any>(START, { id: experimentId }, asAdmin);
    const treated = customers.filter((u) => assignVariant(experimentId, u, variants).name === 'broken-model');
    expect(treated.length).toBeGreaterThan(0);
    for (const userId of treated) {
      const res = await api.gql<any>(RECS, { userId }, { ...asShop, ...BYPASS });
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendations).toMatchObject({ variant: 'broken-model', modelVersion: active });
    }
    const report = (await api.gql<any>(SERVED_BY, { id: experimentId }, asAdmin)).data.experiment.report;
    const arm = report.variants.find((v: any) => v.name === 'broken-model');
    expect(arm.servedBy).toEqual([{ modelVersion: active, responses: treated.length }]);
    await api.gql<any>(STOP, { id: experimentId }, asAdmin);
  });

  it('an arm may name a retired version (the one before the active), not a failed one', async () => {
    const create = (name: string) =>
      api.gql<any>(
        CREATE,
        {
          input: {
            name,
            placement: 'HOME',
            variants: [
              { name: 'control', trafficShare: 0.5, control: true },
              { name: 'previous-model', trafficShare: 0.5, modelVersion: candidate },
            ],
          },
        },
        asAdmin,
      );
    try {
      await db.dataSource.query(`UPDATE model_versions SET status = 'retired' WHERE id = $1`, [candidate]);
      const retired = await create('Previous model on HOME');
      expect(retired.errors).toBeUndefined();
      expect(retired.data.createExperiment.variants[1]).toEqual({ name: 'previous-model', modelVersion: candidate });

      await db.dataSource.query(`UPDATE model_versions SET status = 'failed' WHERE id = $1`, [candidate]);
      const failed = await create('Failed model on HOME');
      expect(failed.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/no registered model version .* that can be served/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    } finally {
      await db.dataSource.query(`UPDATE model_versions SET status = 'registered' WHERE id = $1`, [candidate]);
    }
  });
});
