import { Injectable, Optional } from '@nestjs/common';
import { DomainError, badInput } from '../common/errors/domain-error.js';
import { servedBlend, type BundleManifest } from '../ml/artifact/model-bundle.js';
import type { WhatIfMetrics } from '../ml/evaluation/what-if.js';
import { Placement } from '../placements/placement.enum.js';
import { validateWeights } from '../settings/placement-weights.js';
import { PlacementWeightsService } from '../settings/placement-weights.service.js';
import { withRankerFallback } from '../recommendations/pipeline/gather-candidates.stage.js';
import { isSegmentTarget, SEGMENT_TARGETS } from '../ml/segments/segment-target.js';
import { SegmentsService } from '../segments/segments.service.js';
import { WhatIfEngineService } from './what-if-engine.service.js';

export interface SourceWeightValue {
  source: string;
  weight: number;
}

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

/** What-if: the active version's held-out evaluation replayed with proposed blend weights. */
@Injectable()
export class WhatIfService {
  constructor(
    private readonly engines: WhatIfEngineService,
    @Optional() private readonly segments?: SegmentsService,
    @Optional() private readonly placementWeights?: PlacementWeightsService,
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
    const { version, manifest, engine, userIndex } = await this.engines.forServedVersion();
    const proposed = this.validate(placement, proposedInput, engine.sources);
    const only = segment === null ? undefined : await this.segmentUsers(segment, userIndex);
    if (only && engine.countUsers(only) === 0) {
      throw new DomainError('NOT_FOUND', `no held-out customer of ${version} is in segment "${segment}"`);
    }
    const current = this.currentWeights(placement, segment, manifest, engine.sources);
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

  /**
   * The weights served now: the segment's own on this placement, else the placement's (operator, config, or the
   * model's fitted blend), with the ranker's share handed to the linear blend where the replay has no ranker head,
   * as the request path does.
   */
  private currentWeights(
    placement: Placement,
    segment: string | null,
    manifest: BundleManifest,
    sources: readonly string[],
  ): Readonly<Record<string, number>> {
    const blend = servedBlend(manifest);
    if (!this.placementWeights) return Object.fromEntries(blend.map((b) => [b.name, b.weight]));
    const weights =
      (segment === null ? null : this.placementWeights.segmentSetting(placement, segment).weights) ??
      this.placementWeights.resolve(placement, blend).weights;
    return withRankerFallback(weights, { hasRankerHead: () => sources.includes('ranker') }, false, manifest.blend);
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
}
