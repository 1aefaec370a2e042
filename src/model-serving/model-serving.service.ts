import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { HealthService, type ComponentHealth, type HealthContributor } from '../health/health.service.js';
import { disposeBundle, type ModelBundle } from '../ml/artifact/model-bundle.js';
import { ServingModel } from '../ml/serving/serving-model.js';
import { registerTrainingKernels } from '../ml/tf/kernels/training-kernels.js';
import { initTf } from '../ml/tf/tf-backend.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { ModelArtifactRepository } from './model-artifact.repository.js';

/** The model an instance serves. */
export interface ServedModel {
  version: string;
  bundle: ModelBundle;
  /** The bundle behind the serving-side API (scoring one user, basket or item). */
  model: ServingModel;
  loadedAt: Date;
}

/** A request's hold on the served model: the model is not released while a lease is open. */
export interface ModelLease {
  served: ServedModel | null;
  release(): void;
}

export type SwapListener = (next: ServedModel, previous: ServedModel | null) => void;
export type LoadListener = (loaded: ServedModel) => void;

/** How long a version that failed to load is left alone before the next attempt. */
const FAILED_RETRY_MS = 60_000;

interface Entry {
  served: ServedModel;
  leases: number;
  retiredAt: number | null;
  /** Last lease taken or released (extra versions are disposed after MODEL_EXTRA_IDLE_SECONDS without one). */
  usedAt: number;
}

/** Why a version could not be loaded: its registry record or its artifact, not the registry being unreachable. */
class VersionLoadError extends Error {}

interface LoadFailure {
  version: string;
  message: string;
  at: number;
}

interface ExtraFailure extends LoadFailure {
  /** Last request for the version: its failure is forgotten after MODEL_EXTRA_IDLE_SECONDS without one. */
  requestedAt: number;
}

/**
 * Loads the registry's active model version at start, polls the registry every MODEL_POLL_SECONDS and
 * hot-swaps to a newly activated version: the new bundle is loaded completely first, then one reference
 * changes, so a request sees either the old model or the new one. The old model's tensors are disposed once
 * no lease is open and MODEL_DISPOSE_GRACE_MS has passed. A version that fails to load leaves the current one
 * serving; /health ("model") reports it as degraded. Every instance polls the same registry, so instances
 * converge on the same version within one poll interval.
 *
 * Experiments can name another version for a variant (`leaseVersion`): it is loaded on first request into a
 * small LRU of extra versions (MODEL_EXTRA_VERSIONS_MAX), disposed after MODEL_EXTRA_IDLE_SECONDS without a
 * lease, and replaced by the active model (reported on /health) when it cannot be loaded.
 */
@Injectable()
export class ModelServingService implements OnModuleInit, OnApplicationShutdown, HealthContributor {
  readonly healthName = 'model';
  private readonly logger = new Logger('ModelServing');
  private entry: Entry | null = null;
  private readonly retired = new Set<Entry>();
  private failure: LoadFailure | null = null;
  /** Non-active versions loaded for experiments, least recently used first. */
  private readonly extras = new Map<string, Entry>();
  /** Extra versions being loaded: concurrent requests for one version share its load. */
  private readonly extraLoads = new Map<string, Promise<void>>();
  private readonly extraFailures = new Map<string, ExtraFailure>();
  private readonly listeners = new Set<SwapListener>();
  private readonly loadListeners = new Set<LoadListener>();
  private polling?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly registry: ModelVersionRepository,
    private readonly artifacts: ModelArtifactRepository,
    private readonly healthService: HealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.healthService.register(this);
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.MODEL_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearInterval(this.timer);
    const all = [...this.retired, ...this.extras.values(), ...(this.entry ? [this.entry] : [])];
    for (const e of all) e.served.model.dispose();
    this.retired.clear();
    this.extras.clear();
    this.entry = null;
  }

  /** The served model, or null while only baselines serve. Do not keep it across awaits without a lease. */
  current(): ServedModel | null {
    return this.entry?.served ?? null;
  }

  /** Versions loaded besides the active one (for experiments), least recently used first. */
  extraVersions(): string[] {
    return [...this.extras.keys()];
  }

  /** Called after every swap (first load included). Returns an unsubscribe function. */
  onSwap(listener: SwapListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called when a version is loaded, before any request can lease it: the active version before it is swapped
   * in, an experiment's version before its first lease. Returns an unsubscribe function.
   */
  onLoad(listener: LoadListener): () => void {
    this.loadListeners.add(listener);
    return () => this.loadListeners.delete(listener);
  }

  /** Holds the current model until `release()` (idempotent): a swap meanwhile does not dispose it. */
  lease(): ModelLease {
    return this.entry ? this.leaseEntry(this.entry) : { served: null, release: () => undefined };
  }

  /**
   * Holds model `version` (an experiment variant's), loading it first when it is neither active nor loaded.
   * Never rejects: a version that cannot be loaded gives a lease of the active model, and /health says so.
   */
  async leaseVersion(version: string): Promise<ModelLease> {
    // MODEL_EXTRA_VERSIONS_MAX = 0: no version besides the active one is loaded (experiment reports' servedBy says so).
    if (version === this.entry?.served.version || this.config.MODEL_EXTRA_VERSIONS_MAX === 0) return this.lease();
    if (!this.extras.has(version)) await this.loadExtra(version);
    // Looked up again after the await: the version may have become active, or been evicted, meanwhile.
    if (version === this.entry?.served.version) return this.lease();
    const extra = this.extras.get(version);
    if (!extra) return this.lease();
    this.extras.delete(version); // most recently used goes last
    this.extras.set(version, extra);
    return this.leaseEntry(extra);
  }

  /** Checks the registry once and swaps when another version is active; concurrent calls share one check. */
  poll(): Promise<void> {
    this.polling ??= this.check()
      .catch((e: unknown) => this.logger.warn(`registry poll failed: ${(e as Error).message}`))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  health(): ComponentHealth {
    const serving = this.entry?.served.version;
    const fallback = serving ?? 'baselines';
    const problems = [
      ...(this.failure ? [`failed to load ${this.failure.version}: ${this.failure.message}`] : []),
      ...[...this.extraFailures.values()].map(
        (f) => `experiment version ${f.version} served by ${fallback}, cannot load it: ${f.message}`,
      ),
    ];
    const extras = this.extras.size > 0 ? `; also loaded for experiments: ${[...this.extras.keys()].join(', ')}` : '';
    if (problems.length > 0) {
      return {
        status: 'degraded',
        detail: `${serving ? `serving ${serving}` : 'serving baselines'}; ${problems.join('; ')}${extras}`,
      };
    }
    return {
      status: 'ok',
      detail: `${serving ? `serving ${serving}` : 'no trained model, serving baselines'}${extras}`,
    };
  }

  private leaseEntry(entry: Entry): ModelLease {
    entry.leases++;
    entry.usedAt = Date.now();
    let open = true;
    return {
      served: entry.served,
      release: () => {
        if (!open) return;
        open = false;
        entry.leases--;
        entry.usedAt = Date.now();
        if (entry.retiredAt !== null) this.disposeIfIdle(entry);
      },
    };
  }

  private async check(): Promise<void> {
    this.retireIdleExtras();
    const active = await this.registry.activeVersionId();
    if (active === null || active === this.entry?.served.version) return;
    // A version already loaded for an experiment becomes the active one as it is (no second load).
    await this.extraLoads.get(active);
    const extra = this.extras.get(active);
    if (extra) {
      this.extras.delete(active);
      this.swap(extra);
      return;
    }
    // A version that failed is retried now and then (its files may have been fixed), not on every poll.
    if (active === this.failure?.version && Date.now() - this.failure.at < FAILED_RETRY_MS) return;
    let served: ServedModel;
    try {
      served = await this.loadVersion(active);
    } catch (e) {
      if (!(e instanceof VersionLoadError)) throw e;
      this.failure = { version: active, message: e.message, at: Date.now() };
      this.logger.error(
        `cannot load model ${active}; still serving ${this.entry?.served.version ?? 'baselines'}: ${e.message}`,
      );
      return;
    }
    if (this.closed) {
      served.model.dispose();
      return;
    }
    this.loaded(served);
    this.swap({ served, leases: 0, retiredAt: null, usedAt: Date.now() });
  }

  /** The registry record and the artifact of `version`, loaded and checked: the one way a model is loaded. */
  private async loadVersion(version: string): Promise<ServedModel> {
    const record = await this.registry.findById(version);
    if (!record) throw new VersionLoadError(`model version ${version} is not registered`);
    if (record.status === 'failed') throw new VersionLoadError(`model version ${version} is marked failed`);
    try {
      await initTf({ log: (m) => this.logger.log(m) });
      registerTrainingKernels(); // the models' forward pass needs UnsortedSegmentSum, which stock wasm lacks
      const dir = this.artifacts.locate(this.config.MODELS_DIR, version, record.artifactPath);
      const bundle = await this.artifacts.load(dir);
      if (bundle.manifest.version !== version) {
        const found = bundle.manifest.version;
        disposeBundle(bundle);
        throw new Error(`artifact manifest says version ${found}`);
      }
      return { version, bundle, model: ServingModel.load(bundle), loadedAt: new Date() };
    } catch (e) {
      throw new VersionLoadError((e as Error).message.split('\n')[0]);
    }
  }

  /** Loads an extra version into the LRU (one load per version at a time); failures are recorded, not thrown. */
  private loadExtra(version: string): Promise<void> {
    const pending = this.extraLoads.get(version);
    if (pending) return pending;
    const now = Date.now();
    const failed = this.extraFailures.get(version);
    if (failed) {
      failed.requestedAt = now;
      if (now - failed.at < FAILED_RETRY_MS) return Promise.resolve();
    }
    const load = this.loadVersion(version)
      .then((served) => {
        if (this.closed || version === this.entry?.served.version) {
          served.model.dispose();
          return;
        }
        this.extraFailures.delete(version);
        this.loaded(served);
        this.extras.set(version, { served, leases: 0, retiredAt: null, usedAt: Date.now() });
        this.logger.log(`loaded model ${version} for experiments`);
        while (this.extras.size > this.config.MODEL_EXTRA_VERSIONS_MAX) {
          const [lru, entry] = this.extras.entries().next().value!;
          this.extras.delete(lru);
          this.retire(entry);
        }
      })
      .catch((e: unknown) => {
        const message = (e as Error).message.split('\n')[0];
        this.extraFailures.set(version, { version, message, at: Date.now(), requestedAt: now });
        this.logger.error(
          `cannot load model ${version} for an experiment; its users get ${this.entry?.served.version ?? 'baselines'}: ${message}`,
        );
      })
      .finally(() => this.extraLoads.delete(version));
    this.extraLoads.set(version, load);
    return load;
  }

  /** Extra versions without a lease for MODEL_EXTRA_IDLE_SECONDS are released; so are failures nobody asks for. */
  private retireIdleExtras(): void {
    const cutoff = Date.now() - this.config.MODEL_EXTRA_IDLE_SECONDS * 1000;
    for (const [version, entry] of this.extras) {
      if (entry.leases > 0 || entry.usedAt > cutoff) continue;
      this.extras.delete(version);
      this.logger.log(
        `unloading model ${version}: no experiment request since ${new Date(entry.usedAt).toISOString()}`,
      );
      this.retire(entry);
    }
    for (const [version, f] of this.extraFailures) if (f.requestedAt <= cutoff) this.extraFailures.delete(version);
  }

  private loaded(served: ServedModel): void {
    for (const l of this.loadListeners) {
      try {
        l(served);
      } catch (e) {
        this.logger.warn(`load listener failed: ${(e as Error).message}`);
      }
    }
  }

  private swap(next: Entry): void {
    const previous = this.entry;
    this.entry = next;
    const served = next.served;
    this.failure = null;
    this.extraFailures.delete(served.version);
    this.logger.log(`serving model ${served.version}${previous ? ` (was ${previous.served.version})` : ''}`);
    if (previous) this.retire(previous);
    for (const l of this.listeners) {
      try {
        l(served, previous?.served ?? null);
      } catch (e) {
        this.logger.warn(`swap listener failed: ${(e as Error).message}`);
      }
    }
  }

  /** No new leases; the tensors go once the last lease is released and MODEL_DISPOSE_GRACE_MS has passed. */
  private retire(entry: Entry): void {
    entry.retiredAt = Date.now();
    this.retired.add(entry);
    setTimeout(() => this.disposeIfIdle(entry), this.config.MODEL_DISPOSE_GRACE_MS + 10).unref();
  }

  private disposeIfIdle(entry: Entry): void {
    if (entry.leases > 0 || entry.retiredAt === null || !this.retired.has(entry)) return;
    if (Date.now() - entry.retiredAt < this.config.MODEL_DISPOSE_GRACE_MS) return; // the grace timer comes back
    this.retired.delete(entry);
    entry.served.model.dispose();
  }
}
