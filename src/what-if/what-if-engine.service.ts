import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, OUTAGE_RETRY_AFTER_SECONDS } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { bundleRankerScorers, bundleSourceScorers } from '../ml/artifact/bundle-scorers.js';
import { disposeBundle, loadBundle, type BundleManifest } from '../ml/artifact/model-bundle.js';
import { refitStatistics } from '../ml/artifact/held-out-statistics.js';
import { WhatIfEngine } from '../ml/evaluation/what-if.js';
import { registerTrainingKernels } from '../ml/tf/kernels/training-kernels.js';
import { initTf } from '../ml/tf/tf-backend.js';
import { ArtifactNotFoundError, resolveArtifactDir } from '../model-registry/artifact-location.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { loadHeldOutData } from '../training-data/held-out-data.loader.js';

/** A model version ready for what-if replays. */
export interface PreparedVersion {
  version: string;
  manifest: BundleManifest;
  engine: WhatIfEngine;
  /** External user id → the held-out split's user index. */
  userIndex: ReadonlyMap<string, number>;
}

/** Held-out users replayed per what-if (a seeded sample keeps the answer in seconds). */
const WHAT_IF_USERS = 1000;

/** A failed preparation is tried again after this long while its version still serves. */
const RETRY_MS = 60_000;

/**
 * Owns the what-if engine of the model version this instance serves: when ModelServingService swaps a version
 * in, it loads the version's bundle, rebuilds its held-out split, refits the statistics and scores the sample
 * with every source, in the background. The what-if use case only reads the result (awaiting a preparation
 * still running); nothing is prepared inside a GraphQL call.
 */
@Injectable()
export class WhatIfEngineService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('WhatIf');
  private prepared: { version: string; engine: Promise<PreparedVersion> } | null = null;
  private unsubscribe?: () => void;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelVersionRepository,
    private readonly serving: ModelServingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.serving.onSwap((next) => this.startPreparing(next.version));
    const current = this.serving.current();
    if (current) this.startPreparing(current.version);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.unsubscribe?.();
    clearTimeout(this.retry);
  }

  /** The prepared engine of the served version: NOT_FOUND without one, the preparation's error if it failed. */
  async forServedVersion(): Promise<PreparedVersion> {
    const version = this.serving.current()?.version;
    if (!version) throw new DomainError('NOT_FOUND', 'no active model version: train one with `tailor train` first');
    if (this.prepared?.version !== version) {
      throw new DomainError('SERVICE_UNAVAILABLE', `what-if for model ${version} is not prepared yet; retry shortly`, {
        retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
      });
    }
    return this.prepared.engine;
  }

  private startPreparing(version: string): void {
    if (this.closed || this.prepared?.version === version) return;
    clearTimeout(this.retry);
    const engine = this.prepare(version);
    this.prepared = { version, engine };
    engine.catch((e: unknown) => {
      if (this.closed) return;
      this.logger.warn(`what-if for ${version} could not be prepared: ${(e as Error).message}`);
      this.retry = setTimeout(() => {
        if (this.prepared?.engine !== engine || this.serving.current()?.version !== version) return;
        this.prepared = null;
        this.startPreparing(version);
      }, RETRY_MS);
      this.retry.unref();
    });
  }

  /** Loads the version, rebuilds its held-out split and scores the sample with every source once. */
  private async prepare(version: string): Promise<PreparedVersion> {
    const t = performance.now();
    const record = await this.registry.findById(version);
    let dir: string;
    try {
      dir = resolveArtifactDir(this.config.MODELS_DIR, version, record?.artifactPath ?? null);
    } catch (e) {
      if (e instanceof ArtifactNotFoundError) throw new DomainError('NOT_FOUND', e.message);
      throw e;
    }
    await initTf({ log: (m) => this.logger.log(m) });
    registerTrainingKernels();
    const bundle = await loadBundle(dir);
    try {
      // This runs beside requests: each synchronous step gets its own turn of the event loop.
      const heldOut = await loadHeldOutData(this.dataSource, bundle.manifest);
      if (!heldOut) throw new DomainError('NOT_FOUND', `no purchase events in the data window of ${version}`);
      const train = { numItems: heldOut.split.numItems, histories: heldOut.split.train };
      await nextTurn();
      const statistics = refitStatistics(bundle.manifest, train);
      const scorers = bundleSourceScorers(bundle, statistics);
      await nextTurn();
      // The learned ranker replays with its 'all' head for lists with repeats and its 'new' head for the rest.
      const ranker = bundleRankerScorers(bundle, scorers, train);
      await nextTurn();
      const rankerHead = ranker?.all ?? ranker?.new;
      const engine = await WhatIfEngine.prepare(
        heldOut.split,
        [
          ...(rankerHead
            ? [{ name: 'ranker', scorer: rankerHead, scorerNew: ranker?.new, normalisation: 'minmax' as const }]
            : []),
          ...bundle.manifest.blend
            .filter((b) => scorers.has(b.name))
            .map((b) => ({ name: b.name, scorer: scorers.get(b.name)!, normalisation: b.normalisation })),
        ],
        { maxUsers: WHAT_IF_USERS, seed: bundle.manifest.protocol.seed },
      ).finally(() => ranker?.dispose());
      this.logger.log(
        `what-if for ${version} prepared in ${((performance.now() - t) / 1000).toFixed(1)} s (${engine.users} users)`,
      );
      return {
        version,
        manifest: bundle.manifest,
        engine,
        userIndex: new Map(heldOut.userIds.map((id, i) => [id, i])),
      };
    } finally {
      disposeBundle(bundle);
    }
  }
}
