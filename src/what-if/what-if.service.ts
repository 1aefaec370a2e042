import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { bundleRankerScorers, bundleSourceScorers } from '../ml/artifact/bundle-scorers.js';
import { disposeBundle, loadBundle, servedBlend, type BundleManifest } from '../ml/artifact/model-bundle.js';
import { refitStatistics } from '../ml/artifact/held-out-statistics.js';
import { WhatIfEngine, type WhatIfMetrics } from '../ml/evaluation/what-if.js';
import { registerTrainingKernels } from '../ml/tf/kernels/training-kernels.js';
import { initTf } from '../ml/tf/tf-backend.js';
import { ArtifactNotFoundError, resolveArtifactDir } from '../model-registry/artifact-location.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { Placement } from '../placements/placement.enum.js';
import { loadHeldOutData } from '../training-data/held-out-data.loader.js';
import { validateWeights } from '../settings/placement-weights.js';
import { isSegmentTarget, SEGMENT_TARGETS } from '../ml/segments/segment-target.js';
import { SegmentsService } from '../segments/segments.service.js';

export interface SourceWeightValue {
  source: string;
  weight: number;
}

/**
 * Where "current" weights come from. The placement settings service provides it; without one the
 * active version's fitted blend (its manifest) is current.
 */
export interface CurrentBlendWeights {
  weightsFor(placement: Placement, manifest: BundleManifest): Promise<Record<string, number> | null>;
}
export const CURRENT_BLEND_WEIGHTS = Symbol('CURRENT_BLEND_WEIGHTS');

export interface WeightEvaluationView {
  placement: Placement;
  /** The customer segment the replay was restricted to; null: every held-out user. */
  segment: string | null;
  modelVersion: string;
  users: number;
  proposed: WhatIfMetrics;
  current: WhatIfMetrics;
  proposedWeights: SourceWeightValue[];
  currentWeights: SourceWeightValue[];
  seconds: number;
}

interface PreparedVersion {
  version: string;
  manifest: BundleManifest;
  engine: WhatIfEngine;
  /** External user id → the held-out split's user index. */
  userIndex: ReadonlyMap<string, number>;
}

/** Held-out users replayed per what-if (a seeded sample keeps the answer in seconds). */
const WHAT_IF_USERS = 1000;

/** What-if: the active version's held-out evaluation replayed with proposed blend weights. */
@Injectable()
export class WhatIfService {
  private readonly logger = new Logger('WhatIf');
  private prepared: Promise<PreparedVersion> | null = null;
  private preparedVersion: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelVersionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CURRENT_BLEND_WEIGHTS) private readonly currentWeights?: CurrentBlendWeights,
    @Optional() private readonly segments?: SegmentsService,
  ) {}

  async evaluateWeights(
    placement: Placement,
    proposedInput: SourceWeightValue[],
    segment: string | null = null,
  ): Promise<WeightEvaluationView> {
    if (placement === Placement.PRODUCT || placement === Placement.CART) {
      throw badInput(
        `what-if replays the next-basket evaluation, which measures user lists (HOME, BUY_AGAIN), not ${placement}`,
        { argument: 'placement' },
      );
    }
    const started = performance.now();
    if (segment !== null && !isSegmentTarget(segment)) {
      throw badInput(`unknown segment "${segment}" (one of: ${SEGMENT_TARGETS.join(', ')})`, { argument: 'segment' });
    }
    const { version, manifest, engine, userIndex } = await this.engineForActiveVersion();
    const proposed = this.validate(placement, proposedInput, engine.sources);
    const only = segment === null ? undefined : await this.segmentUsers(segment, userIndex);
    if (only && engine.countUsers(only) === 0) {
      throw new DomainError('NOT_FOUND', `no held-out customer of ${version} is in segment "${segment}"`);
    }
    const current =
      (await this.currentWeights?.weightsFor(placement, manifest)) ??
      Object.fromEntries(servedBlend(manifest).map((b) => [b.name, b.weight]));
    const list = (w: Record<string, number>) => engine.sources.map((source) => ({ source, weight: w[source] ?? 0 }));
    const proposedMetrics = engine.evaluate(proposed, only);
    return {
      placement,
      segment,
      modelVersion: version,
      users: proposedMetrics.users,
      proposed: proposedMetrics,
      current: engine.evaluate(current, only),
      proposedWeights: list(proposed),
      currentWeights: list(current),
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** The held-out split's indices of the segment's customers. */
  private async segmentUsers(segment: string, userIndex: ReadonlyMap<string, number>): Promise<Set<number>> {
    if (!this.segments) throw new DomainError('NOT_FOUND', 'segments are not available in this process');
    const out = new Set<number>();
    for (const id of await this.segments.members(segment)) {
      const i = userIndex.get(id);
      if (i !== undefined) out.add(i);
    }
    return out;
  }

  /** The placement's own rules (settings), plus: every source given weight must be one the replay can score. */
  private validate(
    placement: Placement,
    input: SourceWeightValue[],
    replayable: readonly string[],
  ): Record<string, number> {
    const sources = input.map((w) => w.source);
    const twice = sources.find((s, i) => sources.indexOf(s) !== i);
    if (twice) throw badInput(`source "${twice}" is given twice`, { argument: 'weights' });
    let weights: Record<string, number>;
    try {
      weights = validateWeights(placement, Object.fromEntries(input.map((w) => [w.source, w.weight])));
    } catch (e) {
      throw badInput((e as Error).message, { argument: 'weights' });
    }
    const offline = Object.keys(weights).filter((s) => weights[s] > 0 && !replayable.includes(s));
    if (offline.length) {
      throw badInput(`${offline.join(', ')} cannot be replayed offline; what-if covers ${replayable.join(', ')}`, {
        argument: 'weights',
      });
    }
    return weights;
  }

  private async engineForActiveVersion(): Promise<PreparedVersion> {
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
