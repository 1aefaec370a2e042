// ModelServingService.leaseVersion: extra model versions for experiment variants, against a real PostgreSQL
// registry and real artifacts of small models trained by the training job on the real Online Retail sample.
import { jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/config/app-config.js';
import { HealthService } from '../../src/health/health.service.js';
import type { ModelBundle } from '../../src/ml/artifact/model-bundle.js';
import { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';
import { ModelArtifactRepository } from '../../src/model-serving/model-artifact.repository.js';
import { ModelServingService, type ModelLease } from '../../src/model-serving/model-serving.service.js';
import { importOnlineRetail } from '../../src/importer/index.js';
import type { TrainConfig } from '../../training/train-config.js';
import { runTrainJob } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';
import { smallTrainConfig } from '../support/small-model.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { waitFor } from '../support/wait-for.js';

/** The real repository, counting artifact loads per directory. */
class CountingArtifacts extends ModelArtifactRepository {
  readonly loads: string[] = [];
  override load(dir: string): Promise<ModelBundle> {
    this.loads.push(dir);
    return super.load(dir);
  }
}

// Only Date is faked (timers, I/O and TF.js run for real), so the clock can jump past FAILED_RETRY_MS and
// MODEL_EXTRA_IDLE_SECONDS without waiting.
const fakeDateOnly = () =>
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
const jump = (ms: number) => jest.setSystemTime(Date.now() + ms);

describe('ModelServingService: extra model versions for experiments (PostgreSQL registry, trained artifacts)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let registry: ModelVersionRepository;
  let active: string;
  let other: string;
  let otherDir: string;
  const started: ModelServingService[] = [];

  /** Registers a copy of `other`'s artifact as `version` (manifest rewritten unless `keepManifest`). */
  const registerCopy = async (version: string, keepManifest = false): Promise<void> => {
    const dir = join(modelsDir, version);
    cpSync(otherDir, dir, { recursive: true });
    if (!keepManifest) {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version }));
    }
    await registry.register({ id: version, artifactPath: dir, manifest: {}, metrics: {}, primaryMetric: null });
  };

  const start = async (env: Record<string, string> = {}) => {
    const artifacts = new CountingArtifacts();
    const config = loadAppConfig({
      MODELS_DIR: modelsDir,
      MODEL_POLL_SECONDS: '86400', // polls are driven by the tests
      MODEL_DISPOSE_GRACE_MS: '0',
      ...env,
    });
    const service = new ModelServingService(registry, artifacts, new HealthService(db.dataSource, config), config);
    await service.onModuleInit();
    started.push(service);
    return { service, artifacts };
  };

  beforeAll(async () => {
    db = await createTestDatabase('serving_extra_versions');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-extra-versions-'));
    registry = new ModelVersionRepository(db.dataSource);
    await importOnlineRetail(db.dataSource, await writeOnlineRetailSample(12_000));
    const small: Partial<TrainConfig> = { models: ['collaborative'], baselines: ['popularity'] };
    const first = await runTrainJob(
      db.dataSource,
      smallTrainConfig(modelsDir, { ...small, activate: 'always' }),
      silentTrainProgress,
    );
    const second = await runTrainJob(
      db.dataSource,
      smallTrainConfig(modelsDir, { ...small, seed: 7, activate: 'never' }),
      silentTrainProgress,
    );
    active = first.version;
    other = second.version;
    otherDir = second.artifactDir;
    expect(await registry.activeVersionId()).toBe(active);
    for (const copy of [`${other}-b`, `${other}-c`]) await registerCopy(copy);
  });

  afterEach(() => {
    jest.useRealTimers();
    for (const s of started.splice(0)) s.onApplicationShutdown();
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('serves a non-active version on request, loading it once for concurrent requests; the active one is untouched', async () => {
    const { service, artifacts } = await start();
    expect(service.current()?.version).toBe(active);
    expect(artifacts.loads).toHaveLength(1);

    const [a, b] = await Promise.all([service.leaseVersion(other), service.leaseVersion(other)]);
    expect(a.served?.version).toBe(other);
    expect(a.served?.bundle.manifest.version).toBe(other);
    expect(b.served).toBe(a.served); // one load, one bundle
    expect(artifacts.loads).toEqual([expect.any(String), otherDir]);
    expect(a.served?.model).not.toBe(service.current()?.model);

    const plain = service.lease();
    expect(plain.served?.version).toBe(active);
    const same = await service.leaseVersion(active); // the active version is the ordinary lease
    expect(same.served).toBe(service.current());
    expect(service.health()).toEqual({
      status: 'ok',
      detail: `serving ${active}; also loaded for experiments: ${other}`,
    });

    // Already loaded: no second load.
    const again = await service.leaseVersion(other);
    expect(again.served).toBe(a.served);
    expect(artifacts.loads).toHaveLength(2);
    for (const l of [a, b, plain, same, again]) l.release();

    // Shutdown releases the extra version too.
    const model = a.served!.model;
    service.onApplicationShutdown();
    expect(model.isDisposed).toBe(true);
  });

  it('with MODEL_EXTRA_VERSIONS_MAX = 0 a variant’s version is served by the active model and never loaded', async () => {
    const { service, artifacts } = await start({ MODEL_EXTRA_VERSIONS_MAX: '0' });
    const lease = await service.leaseVersion(other);
    expect(lease.served).toBe(service.current());
    expect(artifacts.loads).toHaveLength(1);
    expect(service.health()).toEqual({ status: 'ok', detail: `serving ${active}` });
    lease.release();
  });

  it('a version that cannot be loaded is served by the active model, /health is degraded, retried only after a minute', async () => {
    fakeDateOnly();
    const { service, artifacts } = await start();
    const later = `${other}-later`;
    const unknown = await service.leaseVersion(later);
    expect(unknown.served?.version).toBe(active);
    unknown.release();
    const mismatch = `${other}-mismatch`;
    await registerCopy(mismatch, true); // its manifest still names `other`
    const broken = await service.leaseVersion(mismatch);
    expect(broken.served?.version).toBe(active);
    broken.release();

    let health = service.health();
    expect(health.status).toBe('degraded');
    expect(health.detail).toContain(`serving ${active}`);
    expect(health.detail).toContain(
      `experiment version ${later} served by ${active}, cannot load it: model version ${later} is not registered`,
    );
    expect(health.detail).toContain(
      `experiment version ${mismatch} served by ${active}, cannot load it: artifact manifest says version ${other}`,
    );

    // The version appears in the registry: not retried on every request, only after FAILED_RETRY_MS.
    await registerCopy(later);
    const loadsBefore = artifacts.loads.length;
    const soon = await service.leaseVersion(later);
    expect(soon.served?.version).toBe(active);
    soon.release();
    expect(artifacts.loads).toHaveLength(loadsBefore);

    jump(61_000);
    const retried = await service.leaseVersion(later);
    expect(retried.served?.version).toBe(later);
    retried.release();
    health = service.health();
    expect(health.detail).not.toContain(`experiment version ${later}`);
    expect(health.status).toBe('degraded'); // the mismatching one is still broken

    // A failure nobody asks about any more is forgotten after MODEL_EXTRA_IDLE_SECONDS (default 600).
    jump(601_000);
    await service.poll();
    expect(service.health()).toEqual({ status: 'ok', detail: `serving ${active}` });
  });

  it('keeps at most MODEL_EXTRA_VERSIONS_MAX extra versions (least recently used out, disposed once its last lease ends)', async () => {
    const [b, c] = [`${other}-b`, `${other}-c`];
    const { service, artifacts } = await start({ MODEL_EXTRA_VERSIONS_MAX: '2' });

    const held = await service.leaseVersion(other);
    (await service.leaseVersion(b)).release();
    expect(service.extraVersions()).toEqual([other, b]);
    (await service.leaseVersion(c)).release(); // evicts `other`, the least recently used, though a lease is open
    expect(service.extraVersions()).toEqual([b, c]);
    expect(held.served?.model.isDisposed).toBe(false);
    expect(held.served?.version).toBe(other);
    held.release();
    await waitFor('the evicted version to be disposed', () => held.served!.model.isDisposed, 5000, 10);

    // Using `b` makes `c` the least recently used: loading `other` again evicts `c`.
    const cModel = (await service.leaseVersion(c)).served!.model;
    (await service.leaseVersion(b)).release();
    const reloaded = await service.leaseVersion(other);
    expect(reloaded.served?.version).toBe(other);
    reloaded.release();
    expect(service.extraVersions()).toEqual([b, other]);
    expect(artifacts.loads.filter((d) => d === otherDir)).toHaveLength(2);
    expect(cModel.isDisposed).toBe(false); // its lease above was never released
  });

  it('unloads extra versions idle for MODEL_EXTRA_IDLE_SECONDS on a registry poll, never one with an open lease', async () => {
    fakeDateOnly();
    const b = `${other}-b`;
    const { service } = await start({ MODEL_EXTRA_IDLE_SECONDS: '600' });
    const idle = await service.leaseVersion(other);
    idle.release();
    const busy = await service.leaseVersion(b);

    jump(300_000);
    await service.poll();
    expect(service.extraVersions()).toEqual([other, b]);

    jump(301_000);
    await service.poll();
    expect(service.extraVersions()).toEqual([b]); // `b` is idle too, but its lease is open
    await waitFor('the idle version to be disposed', () => idle.served!.model.isDisposed, 5000, 10);
    expect(busy.served?.model.isDisposed).toBe(false);
    busy.release();
    jump(601_000);
    await service.poll();
    expect(service.extraVersions()).toEqual([]);
    await waitFor('the second idle version to be disposed', () => busy.served!.model.isDisposed, 5000, 10);
    expect(service.current()?.model.isDisposed).toBe(false);
  });

  it('a loaded extra version that becomes active is swapped in as it is (no second load)', async () => {
    const { service, artifacts } = await start();
    const lease: ModelLease = await service.leaseVersion(other);
    const loads = artifacts.loads.length;
    const previous = service.current()!;
    await registry.activate(other);
    try {
      await service.poll();
      expect(service.current()).toBe(lease.served);
      expect(artifacts.loads).toHaveLength(loads);
      expect(service.extraVersions()).toEqual([]);
      expect(service.health()).toEqual({ status: 'ok', detail: `serving ${other}` });
      lease.release();
      expect(lease.served?.model.isDisposed).toBe(false);
      await waitFor('the previous active model to be disposed', () => previous.model.isDisposed, 5000, 10);
      // The previously active version is now an ordinary extra version.
      const old = await service.leaseVersion(active);
      expect(old.served?.version).toBe(active);
      old.release();
    } finally {
      await registry.activate(active);
    }
  });
});
