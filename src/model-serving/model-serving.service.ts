import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { HealthService, type ComponentHealth, type HealthContributor } from '../health/health.service.js';
import type { ModelBundle } from '../ml/artifact/model-bundle.js';
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

/** How long a version that failed to load is left alone before the next attempt. */
const FAILED_RETRY_MS = 60_000;

interface Entry {
  served: ServedModel;
  leases: number;
  retiredAt: number | null;
}

/**
 * Loads the registry's active model version at start, polls the registry every MODEL_POLL_SECONDS and
 * hot-swaps to a newly activated version: the new bundle is loaded completely first, then one reference
 * changes, so a request sees either the old model or the new one. The old model's tensors are disposed once
 * no lease is open and MODEL_DISPOSE_GRACE_MS has passed. A version that fails to load leaves the current one
 * serving; /health ("model") reports it as degraded. Every instance polls the same registry, so instances
 * converge on the same version within one poll interval.
 */
@Injectable()
export class ModelServingService implements OnModuleInit, OnApplicationShutdown, HealthContributor {
  readonly healthName = 'model';
  private readonly logger = new Logger('ModelServing');
  private entry: Entry | null = null;
  private readonly retired = new Set<Entry>();
  private failure: { version: string; message: string; at: number } | null = null;
  private readonly listeners = new Set<SwapListener>();
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
    for (const e of [...this.retired, ...(this.entry ? [this.entry] : [])]) e.served.model.dispose();
    this.retired.clear();
    this.entry = null;
  }

  /** The served model, or null while only baselines serve. Do not keep it across awaits without a lease. */
  current(): ServedModel | null {
    return this.entry?.served ?? null;
  }

  /** Called after every swap (first load included). Returns an unsubscribe function. */
  onSwap(listener: SwapListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Holds the current model until `release()` (idempotent): a swap meanwhile does not dispose it. */
  lease(): ModelLease {
    const entry = this.entry;
    if (!entry) return { served: null, release: () => undefined };
    entry.leases++;
    let open = true;
    return {
      served: entry.served,
      release: () => {
        if (!open) return;
        open = false;
        entry.leases--;
        if (entry.retiredAt !== null) this.disposeIfIdle(entry);
      },
    };
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
    if (this.failure) {
      return {
        status: 'degraded',
        detail: `${serving ? `serving ${serving}` : 'serving baselines'}; failed to load ${this.failure.version}: ${this.failure.message}`,
      };
    }
    return { status: 'ok', detail: serving ? `serving ${serving}` : 'no trained model, serving baselines' };
  }

  private async check(): Promise<void> {
    const active = await this.registry.activeVersionId();
    if (active === null || active === this.entry?.served.version) return;
    // A version that failed is retried now and then (its files may have been fixed), not on every poll.
    if (active === this.failure?.version && Date.now() - this.failure.at < FAILED_RETRY_MS) return;
    const record = await this.registry.findById(active);
    let served: ServedModel;
    try {
      await initTf({ log: (m) => this.logger.log(m) });
      registerTrainingKernels(); // the models' forward pass needs UnsortedSegmentSum, which stock wasm lacks
      const dir = this.artifacts.locate(this.config.MODELS_DIR, active, record?.artifactPath ?? null);
      const bundle = await this.artifacts.load(dir);
      if (bundle.manifest.version !== active) {
        const found = bundle.manifest.version;
        new ServingModel(bundle).dispose();
        throw new Error(`artifact manifest says version ${found}`);
      }
      served = { version: active, bundle, model: new ServingModel(bundle), loadedAt: new Date() };
    } catch (e) {
      this.failure = { version: active, message: (e as Error).message.split('\n')[0], at: Date.now() };
      this.logger.error(
        `cannot load model ${active}; still serving ${this.entry?.served.version ?? 'baselines'}: ${this.failure.message}`,
      );
      return;
    }
    if (this.closed) {
      served.model.dispose();
      return;
    }
    this.swap(served);
  }

  private swap(served: ServedModel): void {
    const previous = this.entry;
    this.entry = { served, leases: 0, retiredAt: null };
    this.failure = null;
    this.logger.log(`serving model ${served.version}${previous ? ` (was ${previous.served.version})` : ''}`);
    if (previous) {
      previous.retiredAt = Date.now();
      this.retired.add(previous);
      setTimeout(() => this.disposeIfIdle(previous), this.config.MODEL_DISPOSE_GRACE_MS + 10).unref();
    }
    for (const l of this.listeners) {
      try {
        l(served, previous?.served ?? null);
      } catch (e) {
        this.logger.warn(`swap listener failed: ${(e as Error).message}`);
      }
    }
  }

  private disposeIfIdle(entry: Entry): void {
    if (entry.leases > 0 || entry.retiredAt === null || !this.retired.has(entry)) return;
    if (Date.now() - entry.retiredAt < this.config.MODEL_DISPOSE_GRACE_MS) return; // the grace timer comes back
    this.retired.delete(entry);
    entry.served.model.dispose();
  }
}
