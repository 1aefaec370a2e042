// Zero-setup first model: after the demo import, train one in a child process (`tailor train`) while
// the service answers with baselines, then register and activate it so the model poller swaps it in.
//
// Why a snapshot: the embedded store is PGlite, one process per data directory (docs/ops.md), so
// the child cannot open the server's store. After a CHECKPOINT (everything on disk, no writes yet —
// this runs before the server listens) the directory is copied and the child trains on the copy. The
// child registers its version in the copy only (`--activate never`); the server then registers the
// artifact in the real registry from its manifest and activates it when nothing else is active.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { readBundleManifest } from '../ml/artifact/model-bundle.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { activeVersionOf, decideActivation } from '../model-registry/activation-policy.js';

export interface DemoTrainingOptions {
  dataSource: DataSource;
  /** TAILOR_DATA_DIR of the embedded store (not `memory://`). */
  dataDir: string;
  modelsDir: string;
  /** Training config file (JSONC), passed as `--config`. */
  trainConfig?: string;
  /** The built CLI (dist/training/tailor.js). */
  cliPath: string;
  logger: Pick<Logger, 'log' | 'warn' | 'error'>;
}

export type DemoTrainingOutcome =
  | { action: 'trained'; version: string; activated: boolean; reason: string; seconds: number }
  | { action: 'failed'; reason: string; seconds: number }
  | { action: 'stopped' };

export interface DemoTrainingRun {
  /** Settles when the child has finished and its version is registered (never rejects). */
  readonly done: Promise<DemoTrainingOutcome>;
  /** Stops the child (server shutdown); `done` then resolves with `stopped`. */
  stop(): Promise<void>;
}

/** The compiled CLI next to this module's build output, found upwards (works from dist/src and src). */
export function findTailorCli(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'dist', 'training', 'tailor.js');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Why no first model is trained, or undefined when one should be. */
export async function demoTrainingSkipReason(dataSource: DataSource): Promise<string | undefined> {
  const [row] = (await dataSource.query(
    `SELECT (SELECT count(*)::int FROM model_versions) AS versions,
            EXISTS (SELECT 1 FROM events WHERE type = 'purchase') AS purchases`,
  )) as { versions: number; purchases: boolean }[];
  if (row.versions > 0) return `${row.versions} model version(s) already registered`;
  if (!row.purchases) return 'no purchases to train on';
  return undefined;
}

/**
 * Snapshots the store and starts `tailor train` on the snapshot. Await it before the server listens
 * (the snapshot must not see concurrent writes); the training itself runs in the background.
 */
export async function startDemoTraining(opts: DemoTrainingOptions): Promise<DemoTrainingRun> {
  const started = performance.now();
  const log = opts.logger;
  const snapshotDir = resolve(opts.dataDir, 'train-snapshot');
  const modelsDir = resolve(opts.modelsDir);
  await rm(snapshotDir, { recursive: true, force: true });
  await opts.dataSource.query('CHECKPOINT');
  await cp(resolve(opts.dataDir, 'pgdata'), join(snapshotDir, 'pgdata'), {
    recursive: true,
    filter: (src) => !src.endsWith('postmaster.pid'),
  });
  const before = new Set(await listDirs(modelsDir));

  const args = [opts.cliPath, 'train', '--activate', 'never', '--models-dir', modelsDir];
  if (opts.trainConfig) args.push('--config', resolve(opts.trainConfig));
  const env: NodeJS.ProcessEnv = { ...process.env, TAILOR_DATA_DIR: snapshotDir, MODELS_DIR: modelsDir };
  delete env.DATABASE_URL; // the snapshot is an embedded store
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  log.log(
    `First start: training a model in a child process (pid ${child.pid}) on a snapshot of the demo data; ` +
      `recommendations come from the baselines until it is activated`,
  );
  let artifactFromOutput: string | undefined;
  const tail: string[] = [];
  forEachLine(child, (line, stream) => {
    const m = /^Artifact: (.+?) \(report/.exec(line);
    if (m) artifactFromOutput = m[1];
    tail.push(line);
    if (tail.length > 20) tail.shift();
    // stderr carries the progress lines ([train 12.3s] ...); stdout the final summary.
    if (stream === 'stderr' || m || /^(Trained|Activated|Not activated)/.test(line)) log.log(`train: ${line}`);
  });
  let stopping = false;
  const exited = new Promise<number | null>((res) => {
    child.once('error', (e) => {
      tail.push(`spawn failed: ${e.message}`);
      res(null);
    });
    child.once('close', (code) => res(code)); // after stdout ended: the summary line is in
  });

  const done = (async (): Promise<DemoTrainingOutcome> => {
    const code = await exited;
    const seconds = (performance.now() - started) / 1000;
    try {
      if (stopping) return { action: 'stopped' };
      if (code !== 0) {
        const reason = `tailor train exited with code ${code}: ${tail.slice(-5).join(' | ')}`;
        log.error(
          `First-start training failed after ${seconds.toFixed(0)} s (the service keeps serving baselines): ${reason}`,
        );
        return { action: 'failed', reason, seconds };
      }
      const artifactDir = artifactFromOutput ?? (await newArtifact(modelsDir, before));
      if (!artifactDir) throw new Error(`no new artifact found in ${modelsDir}`);
      const { version, activated, reason } = await registerArtifact(opts.dataSource, artifactDir);
      log.log(
        `First-start training done in ${seconds.toFixed(0)} s: ${version} registered` +
          (activated ? ' and activated; the model poller will serve it' : ` but not activated (${reason})`),
      );
      return { action: 'trained', version, activated, reason, seconds };
    } catch (e) {
      const reason = (e as Error).message;
      log.error(`First-start training could not register its model (serving baselines): ${reason}`);
      return { action: 'failed', reason, seconds };
    } finally {
      await rm(snapshotDir, { recursive: true, force: true }).catch(() => undefined);
    }
  })();

  return {
    done,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        stopping = true;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await done;
    },
  };
}

/**
 * Registers an artifact written by `tailor train` in this store's registry (the same record the
 * training job writes) and activates it unless an active version is at least as good.
 */
export async function registerArtifact(
  dataSource: DataSource,
  artifactDir: string,
): Promise<{ version: string; activated: boolean; reason: string }> {
  const manifest = await readBundleManifest(artifactDir);
  const registry = new ModelVersionRepository(dataSource);
  const metric = manifest.primaryMetric.name;
  await registry.register({
    id: manifest.version,
    artifactPath: resolve(artifactDir),
    manifest: { ...manifest, itemIds: undefined, itemCount: manifest.itemIds.length },
    metrics: { primaryMetric: metric, evaluation: manifest.evaluation },
    primaryMetric: manifest.primaryMetric.value,
  });
  const active = await registry.findActive();
  const decision = decideActivation('if-better', metric, manifest.primaryMetric.value, activeVersionOf(active));
  if (decision.activate) await registry.activate(manifest.version);
  return { version: manifest.version, activated: decision.activate, reason: decision.reason };
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

/** Fallback when the summary line was not seen: the one new folder holding a manifest. */
async function newArtifact(modelsDir: string, before: Set<string>): Promise<string | undefined> {
  const fresh = (await listDirs(modelsDir)).filter(
    (d) => !before.has(d) && existsSync(join(modelsDir, d, 'manifest.json')),
  );
  return fresh.length === 1 ? join(modelsDir, fresh[0]) : undefined;
}

function forEachLine(child: ChildProcess, fn: (line: string, stream: 'stdout' | 'stderr') => void): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    let rest = '';
    child[stream]?.on('data', (b: Buffer) => {
      const lines = (rest + b.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) fn(l.trimEnd(), stream);
    });
    child[stream]?.on('end', () => {
      if (rest.trim()) fn(rest.trimEnd(), stream);
    });
  }
}
