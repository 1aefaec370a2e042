import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import {
  DAY_MS,
  DEFAULT_LIFECYCLE_THRESHOLDS,
  LIFECYCLE_STAGES,
  lifecycleOf,
  validateLifecycleThresholds,
  type LifecycleStage,
  type LifecycleThresholds,
} from '../ml/segments/lifecycle.js';
import { computeRfm, RFM_SEGMENTS, scoreRfm, type RfmInput, type RfmScore } from '../ml/segments/rfm.js';
import { VALUE_SEGMENTS, type ValueSegment } from '../ml/segments/value-segment.js';
import { SegmentsRepository, type PurchaseAggregate, type UserSegmentRow } from './segments.repository.js';

export type SegmentConfig = Pick<AppConfig, 'SEGMENT_NEW_DAYS' | 'SEGMENT_ACTIVE_DAYS' | 'SEGMENT_LAPSED_DAYS'>;

export interface UserProfile {
  /** External user id. */
  userId: string;
  /** RFM segment name; null while the user has no purchases (or was not computed yet). */
  segment: string | null;
  rfm: {
    r: RfmScore;
    f: RfmScore;
    m: RfmScore;
    code: string;
    recencyDays: number;
    frequency: number;
    monetary: number;
  } | null;
  lifecycle: LifecycleStage | null;
  /** Purchase events (order lines); `rfm.frequency` counts orders. */
  purchaseCount: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  /** [last + p25, last + p75] of the user's inter-order intervals; null for one-time buyers. */
  nextPurchaseWindow: { from: Date; to: Date } | null;
  /** The data's reference time recency and lifecycle were computed against. */
  referenceAt: Date | null;
  computedAt: Date | null;
}

export interface SegmentSizes {
  total: number;
  /** Every RFM segment, in the documented order, with its size (0 included). */
  segments: { segment: string; users: number }[];
  /** Every lifecycle stage with its size (0 included). */
  lifecycle: { stage: LifecycleStage; users: number }[];
  /** Every value segment with its size (0 included); a customer is in at most one. */
  value: { segment: ValueSegment; users: number }[];
}

export interface RecomputeSummary {
  users: number;
  /** The data's reference time used (the newest purchase, or the given `now`); null without purchases. */
  referenceAt: Date | null;
  durationMs: number;
}

export type RefreshOutcome =
  | { status: 'updated'; segment: string; lifecycle: LifecycleStage }
  | { status: 'removed' } // the user has no purchases (any more)
  | { status: 'unknown-user' }
  | { status: 'no-baseline' }; // no full computation yet: the next recomputeAll covers the user

/** Users per aggregate query in recomputeAll. */
const PAGE_SIZE = 20_000;

/**
 * Customer segments: RFM scores and lifecycle stages per user. The training job calls
 * recomputeAll; the events service calls refreshUser after a purchase; the admin API reads
 * profile and sizes. The math lives in src/ml/segments; the SQL in SegmentsRepository.
 */
@Injectable()
export class SegmentsService {
  private readonly log = new Logger('Segments');
  private readonly thresholds: LifecycleThresholds;

  constructor(
    private readonly repository: SegmentsRepository,
    @Inject(APP_CONFIG) config: SegmentConfig,
  ) {
    this.thresholds = validateLifecycleThresholds({
      ...DEFAULT_LIFECYCLE_THRESHOLDS,
      newDays: config.SEGMENT_NEW_DAYS,
      activeDays: config.SEGMENT_ACTIVE_DAYS,
      lapsedDays: config.SEGMENT_LAPSED_DAYS,
    });
  }

  /**
   * Recomputes every user's row against `now` (default: the newest purchase; purchases after
   * `now` are ignored) and stores the RFM cut points for single-user refreshes.
   */
  async recomputeAll(now?: Date): Promise<RecomputeSummary> {
    const started = performance.now();
    const reference = now ?? (await this.repository.latestPurchaseAt());
    if (!reference) {
      await this.repository.replaceAll([], null);
      return { users: 0, referenceAt: null, durationMs: performance.now() - started };
    }
    const aggregates: PurchaseAggregate[] = [];
    for (let after = '0'; ;) {
      const upTo = await this.repository.userPageEnd(after, PAGE_SIZE);
      if (upTo === null) break;
      for (const a of await this.repository.purchaseAggregates(after, upTo, reference)) aggregates.push(a);
      after = upTo;
    }
    const inputs = aggregates.map((a) => rfmInput(a, reference));
    const { results, cutPoints } = computeRfm(inputs);
    const rows = aggregates.map((a, i) => this.row(a, results[i], reference));
    await this.repository.replaceAll(rows, { ...cutPoints, referenceAt: reference.toISOString() });
    const durationMs = performance.now() - started;
    this.log.log(`Segments recomputed for ${rows.length} users in ${Math.round(durationMs)} ms`);
    return { users: rows.length, referenceAt: reference, durationMs };
  }

  /**
   * Recomputes one user's row after a purchase, against the newest purchase as reference time and
   * the cut points of the last full computation (so other users' scores stay comparable).
   */
  async refreshUser(externalUserId: string): Promise<RefreshOutcome> {
    const internalId = await this.repository.findInternalUserId(externalUserId);
    if (internalId === null) return { status: 'unknown-user' };
    const cuts = await this.repository.loadCutPoints();
    if (cuts === null) return { status: 'no-baseline' };
    const latest = await this.repository.latestPurchaseAt();
    // Never older than the baseline's reference, so a refresh cannot move a user back in time.
    const baseline = new Date(cuts.referenceAt);
    const reference = latest && latest > baseline ? latest : baseline;
    const [aggregate] = await this.repository.purchaseAggregates(
      (BigInt(internalId) - 1n).toString(),
      internalId,
      reference,
    );
    if (!aggregate) {
      await this.repository.deleteForUser(internalId);
      return { status: 'removed' };
    }
    const row = this.row(aggregate, scoreRfm(rfmInput(aggregate, reference), cuts), reference);
    await this.repository.upsertOne(row);
    return { status: 'updated', segment: row.segment, lifecycle: row.lifecycle };
  }

  /** The admin view of one user; null for an unknown user. */
  async profile(externalUserId: string): Promise<UserProfile | null> {
    const stored = await this.repository.findByExternalId(externalUserId);
    if (stored === undefined) return null;
    if (stored === null) {
      return {
        userId: externalUserId,
        segment: null,
        rfm: null,
        lifecycle: null,
        purchaseCount: 0,
        firstPurchaseAt: null,
        lastPurchaseAt: null,
        nextPurchaseWindow: null,
        referenceAt: null,
        computedAt: null,
      };
    }
    return {
      userId: externalUserId,
      segment: stored.segment,
      rfm: {
        r: stored.r,
        f: stored.f,
        m: stored.m,
        code: stored.rfmCode,
        recencyDays: stored.recencyDays,
        frequency: stored.frequency,
        monetary: stored.monetary,
      },
      lifecycle: stored.lifecycle,
      purchaseCount: stored.purchaseCount,
      firstPurchaseAt: stored.firstPurchaseAt,
      lastPurchaseAt: stored.lastPurchaseAt,
      nextPurchaseWindow:
        stored.nextPurchaseFrom && stored.nextPurchaseTo
          ? { from: stored.nextPurchaseFrom, to: stored.nextPurchaseTo }
          : null,
      referenceAt: stored.referenceAt,
      computedAt: stored.computedAt,
    };
  }

  /** External ids of the customers in an RFM segment, lifecycle stage or value segment (as last computed). */
  members(target: string): Promise<string[]> {
    return this.repository.membersOf(target);
  }

  async sizes(): Promise<SegmentSizes> {
    const counts = await this.repository.counts();
    const segmentCount = new Map(counts.segments.map((c) => [c.name, c.users]));
    const stageCount = new Map(counts.lifecycle.map((c) => [c.name, c.users]));
    const valueCount = new Map(counts.value.map((c) => [c.name, c.users]));
    return {
      total: counts.lifecycle.reduce((s, c) => s + c.users, 0),
      segments: RFM_SEGMENTS.map((segment) => ({ segment, users: segmentCount.get(segment) ?? 0 })),
      lifecycle: LIFECYCLE_STAGES.map((stage) => ({ stage, users: stageCount.get(stage) ?? 0 })),
      value: VALUE_SEGMENTS.map((segment) => ({ segment, users: valueCount.get(segment) ?? 0 })),
    };
  }

  /** The lifecycle thresholds in use (from SEGMENT_* configuration). */
  lifecycleThresholds(): LifecycleThresholds {
    return { ...this.thresholds };
  }

  private row(a: PurchaseAggregate, rfm: ReturnType<typeof scoreRfm>, reference: Date): UserSegmentRow {
    const life = lifecycleOf(a.orderTimes, reference.getTime(), this.thresholds);
    return {
      internalId: a.internalId,
      recencyDays: rfm.recencyDays,
      frequency: rfm.frequency,
      monetary: rfm.monetary,
      r: rfm.r,
      f: rfm.f,
      m: rfm.m,
      rfmCode: rfm.code,
      segment: rfm.segment,
      lifecycle: life.stage,
      purchaseCount: a.purchaseLines,
      firstPurchaseAt: life.firstOrderAt,
      lastPurchaseAt: life.lastOrderAt,
      nextPurchaseFrom: life.nextPurchase?.from ?? null,
      nextPurchaseTo: life.nextPurchase?.to ?? null,
      referenceAt: reference,
    };
  }
}

/** Recency in whole days (the classic convention: more ties, steadier quintiles). */
function rfmInput(a: PurchaseAggregate, reference: Date): RfmInput {
  const last = a.orderTimes[a.orderTimes.length - 1];
  return {
    userId: a.userId,
    recencyDays: Math.max(0, Math.floor((reference.getTime() - last) / DAY_MS)),
    frequency: a.orderTimes.length,
    // Summed exactly as numeric in SQL and converted once, so equal spends tie exactly.
    monetary: a.monetary,
  };
}
