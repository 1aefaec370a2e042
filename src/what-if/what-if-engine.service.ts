import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
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

/**
 * Owns the what-if engine of the active model version: loads its bundle, rebuilds its held-out split, refits
 * the statistics and scores the sample with every source, once per version; the what-if use case only replays.
 */
@Injectable()
export class WhatIfEngineService {
  private readonly logger = new Logger('WhatIf');
  private prepared: Promise<PreparedVersion> | null = null;
  private preparedVersion: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelVersionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The prepared engine of the active version; concurrent calls share one preparation. */
  async forActiveVersion(): Promise<PreparedVersion> {
    const version = await this.registry.activeVersionId();
    if (!version) throw new DomainError('NOT_FOUND', 'no active model version: train one with `tailor train` first');
    if (this.prepared && this.preparedVersion === version) return this.prepared;
    this.preparedVersion = version;
    this.prepared = this.prepare(version);
    this.prepared.catch(() => {
      if (this.preparedVersion === version) this.prepared = null; // retry on the next call
    });
    return this.prepared;
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
      const heldOut = await loadHeldOutData(this.dataSource, bundle.manifest);
      if (!heldOut) throw new DomainError('NOT_FOUND', `no purchase events in the data window of ${version}`);
      const train = { numItems: heldOut.split.numItems, histories: heldOut.split.train };
      const statistics = refitStatistics(bundle.manifest, train);
      const scorers = bundleSourceScorers(bundle, statistics);
      // The learned ranker replays with its 'all' head for lists with repeats and its 'new' head for the rest.
      const ranker = bundleRankerScorers(bundle, scorers, train);
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
