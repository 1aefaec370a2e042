import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PeriodicRefresh } from '../common/periodic-refresh.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { assignVariant } from '../ml/experiments/assignment.js';
import type { SegmentMembership } from '../ml/segments/segment-target.js';
import type { ExperimentAssignment, ExperimentRecord } from './experiment.types.js';
import { ExperimentsRepository } from './experiments.repository.js';
import { ExposureLogService } from './exposure-log.service.js';

/** What the recommendation service reports after serving a list under an assignment. */
export interface ServedList {
  requestId: string;
  userId: string;
  placement: string;
  itemIds: string[];
  /** The model version that served the list (null: none). */
  modelVersion: string | null;
}

/**
 * The recommendation pipeline's entry point into experiments: `assign` (called by ResolveContextStage) maps
 * (user, placement) to the variant of the running experiment, `served` (called by DeliverStage) logs the exposure.
 * Running experiments are held in memory and reloaded every EXPERIMENT_POLL_SECONDS (and at once after a
 * start/stop on this instance), so assignment costs no query unless an experiment targets a segment.
 */
@Injectable()
export class ExperimentAssignmentService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Experiments');
  private byPlacement = new Map<string, ExperimentRecord[]>();
  private readonly refresher = new PeriodicRefresh(() => this.load(), this.logger);

  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly exposures: ExposureLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): Promise<void> {
    return this.refresher.start(this.config.EXPERIMENT_POLL_SECONDS);
  }

  onApplicationShutdown(): void {
    this.refresher.stop();
  }

  /** Reloads the running experiments; concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  /**
   * The variant this user sees on this placement, or null (no running experiment, or one for a segment the
   * user is not in). A segment-targeted experiment wins over an untargeted one on the same placement.
   * Deterministic: SHA-256 of `${experimentId}:${userId}` against the cumulative traffic split.
   * `membership` is called only when a segment-targeted experiment runs on the placement (the caller memoises
   * it, so one request looks the segment up once).
   */
  async assign(
    userId: string,
    placement: string,
    membership: () => Promise<SegmentMembership | null>,
  ): Promise<ExperimentAssignment | null> {
    const running = this.byPlacement.get(placement);
    if (!running) return null;
    let chosen = running.find((e) => e.segment === null) ?? null;
    if (running.some((e) => e.segment !== null)) {
      const member = await membership();
      const targets = member ? [member.valueSegment, member.segment, member.lifecycle] : [];
      const targeted = running.find((e) => e.segment !== null && targets.includes(e.segment));
      if (targeted) chosen = targeted;
    }
    if (!chosen) return null;
    const variant = assignVariant(chosen.id, userId, chosen.variants);
    return {
      experimentId: chosen.id,
      variant: variant.name,
      weights: variant.weights,
      modelVersion: variant.modelVersion,
    };
  }

  /** Logs the exposure of a served list (non-blocking: buffered, written in batches). */
  served(assignment: ExperimentAssignment | null, list: ServedList): void {
    if (!assignment) return;
    this.exposures.record({
      requestId: list.requestId,
      experimentId: assignment.experimentId,
      variant: assignment.variant,
      userId: list.userId,
      placement: list.placement,
      itemIds: list.itemIds,
      modelVersion: list.modelVersion,
      servedAt: new Date(),
    });
  }

  private async load(): Promise<void> {
    const next = new Map<string, ExperimentRecord[]>();
    for (const e of await this.repository.running()) next.set(e.placement, [...(next.get(e.placement) ?? []), e]);
    this.byPlacement = next;
  }
}

/** Cache-key part of an assignment: lists of different variants must never be served to each other. */
export function assignmentCacheTag(a: ExperimentAssignment | null): string | undefined {
  return a ? `x${a.experimentId}.${a.variant}` : undefined;
}
