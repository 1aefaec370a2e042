// First-start training on a real embedded store (PGlite in a temporary directory), driven through the
// Nest lifecycle like `npm start`: the demo import of a real Online Retail slice, then `tailor train`
// (the built CLI, dist/) as a child process on a snapshot of the store, with tiny epochs from a
// training config given in TAILOR_TRAIN_CONFIG. The version must land in the server's own registry.
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { openDataSource } from '../../src/database/data-source.factory.js';
import { DEMO_DATA_FILE } from '../../src/demo/demo-data-file.js';
import { DEMO_TRAIN_CLI, DemoDataService } from '../../src/demo/demo-data.service.js';
import { findTailorCli, type DemoTrainingOutcome } from '../../src/demo/demo-training.js';
import { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';

jest.setTimeout(300_000);

describe('first-start training (embedded PGlite, tailor train as a child process)', () => {
  let dir: string;
  let ds: DataSource;
  let slice: string;
  const logs: { level: string; message: string }[] = [];
  const cli = findTailorCli();

  beforeAll(async () => {
    if (!cli) throw new Error('dist/training/tailor.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'tailor-demo-train-'));
    slice = await writeOnlineRetailSample(12_000);
    ds = await openDataSource({ dataDir: join(dir, 'store') });
    writeFileSync(
      join(dir, 'tiny.train.jsonc'),
      `// tiny run for the test
      { "models": ["collaborative"], "baselines": ["popularity"],
        "collaborative": { "maxEpochs": 1, "patience": 1, "timeBudgetSeconds": null } }`,
    );
    writeFileSync(join(dir, 'broken.train.jsonc'), '{ "models": ["no-such-model"] }');
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const capture = (level: string) => (message: unknown) => void logs.push({ level, message: String(message) });

  /** One start: module init (import + maybe spawn), wait for the training, shut down. */
  async function start(env: Record<string, string>): Promise<DemoTrainingOutcome | undefined> {
    const moduleRef = await Test.createTestingModule({
      providers: [
        DemoDataService,
        {
          provide: APP_CONFIG,
          useValue: loadAppConfig({
            TAILOR_DATA_DIR: join(dir, 'store'),
            MODELS_DIR: join(dir, 'models'),
            DEMO_TRAIN: 'true',
            ...env,
          }),
        },
        { provide: DataSource, useValue: ds },
        { provide: DEMO_DATA_FILE, useValue: slice },
        { provide: DEMO_TRAIN_CLI, useValue: cli },
      ],
    })
      .setLogger({ log: capture('log'), warn: capture('warn'), error: capture('error') } as never)
      .compile();
    await moduleRef.init();
    const outcome = await moduleRef.get(DemoDataService).firstTraining;
    await moduleRef.close();
    return outcome;
  }

  const versions = async () =>
    (await ds.query(`SELECT id, status FROM model_versions ORDER BY created_at`)) as { id: string; status: string }[];

  it('a failing training child is logged, not fatal, and registers nothing', async () => {
    const outcome = await start({ TAILOR_TRAIN_CONFIG: join(dir, 'broken.train.jsonc') });
    expect(outcome?.action).toBe('failed');
    expect(outcome?.action === 'failed' && outcome.reason).toMatch(/exited with code 2.*Invalid training config/);
    expect(logs.some((l) => l.level === 'error' && /First-start training failed/.test(l.message))).toBe(true);
    expect(await versions()).toEqual([]);
    // The demo data went in all the same, and the snapshot was cleaned up.
    expect(Number((await ds.query(`SELECT count(*)::int AS n FROM events`))[0].n)).toBeGreaterThan(1000);
    expect(existsSync(join(dir, 'store', 'train-snapshot'))).toBe(false);
  });

  it('trains in a child process, registers and activates the version in the server store', async () => {
    logs.length = 0;
    const outcome = await start({ TAILOR_TRAIN_CONFIG: join(dir, 'tiny.train.jsonc') });
    expect(outcome).toMatchObject({ action: 'trained', activated: true });
    const version = outcome?.action === 'trained' ? outcome.version : '';
    expect(await versions()).toEqual([{ id: version, status: 'active' }]);
    const record = await new ModelVersionRepository(ds).findActive();
    expect(record?.artifactPath).toBe(join(dir, 'models', version));
    expect(record?.primaryMetric).toEqual(expect.any(Number));
    expect(existsSync(join(dir, 'models', version, 'manifest.json'))).toBe(true);
    expect(existsSync(join(dir, 'store', 'train-snapshot'))).toBe(false);
    // Progress of the child reaches the server log.
    expect(logs.some((l) => /^train: \[train/.test(l.message))).toBe(true);
    expect(logs.some((l) => /registered and activated/.test(l.message))).toBe(true);
  });

  it('does not train again on a later start once a version exists', async () => {
    logs.length = 0;
    const outcome = await start({ TAILOR_TRAIN_CONFIG: join(dir, 'tiny.train.jsonc') });
    expect(outcome).toBeUndefined();
    expect((await versions()).length).toBe(1);
    expect(readdirSync(join(dir, 'models')).length).toBe(1);
    expect(logs.some((l) => /not needed \(1 model version\(s\) already registered\)/.test(l.message))).toBe(true);
  });

  it('does nothing with DEMO_TRAIN=false', async () => {
    await ds.query(`DELETE FROM model_versions`);
    expect(await start({ DEMO_TRAIN: 'false' })).toBeUndefined();
    expect(await versions()).toEqual([]);
  });
});
