// `tailor precompute` end to end: real PostgreSQL (a real Online Retail slice), a small model trained
// by the real training job and activated, real Redis. The job runs in a standalone Nest context; then
// the real API must answer the first request of a precomputed user from the cache.
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOnlineRetail } from '../../src/importer/index.js';
import { PrecomputeModule } from '../../src/precompute/precompute.module.js';
import { PrecomputeRepository } from '../../src/precompute/precompute.repository.js';
import { PrecomputeService, type PrecomputeSummary } from '../../src/precompute/precompute.service.js';
import { loadTrainConfig } from '../../training/train-config.js';
import { runTrainJob } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { startE2eApp } from '../e2e/support/e2e-app.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

const RECS = `query R($u: ID!, $l: Int) { recommendations(userId: $u, limit: $l) { cached modelVersion items { item { id } } } }`;

describe('tailor precompute (real PostgreSQL, Redis and a trained model)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let version: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('precompute');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-precompute-models-'));
    await importOnlineRetail(db.dataSource, await writeOnlineRetailSample(12_000));
    const small = { maxEpochs: 1, patience: 1, timeBudgetSeconds: null };
    const trained = await runTrainJob(
      db.dataSource,
      loadTrainConfig(undefined, {
        modelsDir,
        models: ['collaborative'],
        collaborative: small,
        baselines: ['popularity'],
      }),
      silentTrainProgress,
    );
    expect(trained.activation.activate).toBe(true);
    version = trained.version;
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('precompute'),
      MODELS_DIR: modelsDir,
      DEMO_DATA: 'false',
      AUTH_MODE: 'open',
      LOG_LEVEL: 'error',
    };
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** Runs the job in its standalone context, as the CLI does, with `env` in process.env meanwhile. */
  async function precompute(opts: {
    top: number;
    activeDays: number;
  }): Promise<{ summary: PrecomputeSummary; users: string[] }> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const ctx = await NestFactory.createApplicationContext(PrecomputeModule, { logger: ['error'] });
    try {
      const users = await ctx.get(PrecomputeRepository).activeUsers(opts.activeDays);
      return { summary: await ctx.get(PrecomputeService).run(opts), users };
    } finally {
      await ctx.close();
      process.env = saved;
    }
  }

  it('writes lists of active users with the active model, and the API serves them from the cache', async () => {
    const { summary, users } = await precompute({ top: 10, activeDays: 2 });
    expect(summary).toMatchObject({ modelVersion: version, failed: 0, alreadyCached: 0 });
    expect(summary.users).toBe(users.length);
    expect(summary.written).toBe(users.length);
    expect(users.length).toBeGreaterThan(5);

    const all = await db.dataSource.query(`SELECT count(*)::int AS n FROM users`);
    expect(users.length).toBeLessThan(all[0].n); // the window selects, not everyone

    const api = await startE2eApp(env);
    try {
      // The API swaps the model in at start; the first request of a precomputed user is a hit.
      const hit = await api.gql(RECS, { u: users[0], l: 10 });
      expect(hit.errors).toBeUndefined();
      expect(hit.data?.recommendations).toMatchObject({ cached: true, modelVersion: version });
      expect(hit.data?.recommendations.items).toHaveLength(10);
      // /metrics (open in AUTH_MODE=open) names the serving model and counts the hit.
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metrics).toContain(`tailor_model_info{version="${version}"} 1`);
      expect(metrics).toContain('tailor_recommendation_cache_lookups_total{result="hit"} 1');
      // Another limit is another key: computed, not cached.
      const otherLimit = await api.gql(RECS, { u: users[1], l: 5 });
      expect(otherLimit.data?.recommendations.cached).toBe(false);
      // A user outside the window was not precomputed.
      const [inactive] = await db.dataSource.query(
        `SELECT external_id AS id FROM users WHERE NOT (external_id = ANY($1)) ORDER BY external_id LIMIT 1`,
        [users],
      );
      expect((await api.gql(RECS, { u: inactive.id, l: 10 })).data?.recommendations.cached).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('leaves fresh entries alone on a second run', async () => {
    const { summary } = await precompute({ top: 10, activeDays: 2 });
    expect(summary.written).toBe(0);
    expect(summary.alreadyCached).toBe(summary.users);
  });
});
