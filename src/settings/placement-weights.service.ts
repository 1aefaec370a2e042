import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { BlendSourceSpec } from '../ml/artifact/model-bundle.js';
import {
  isSegmentTarget,
  matchSegmentTarget,
  SEGMENT_TARGETS,
  type SegmentMembership,
} from '../ml/segments/segment-target.js';
import { PLACEMENTS, type PlacementName } from '../placements/placement.js';
import {
  parseConfiguredWeights,
  resolveWeights,
  validateWeights,
  type PlacementWeights,
  type ResolvedWeights,
} from './placement-weights.js';
import { PolledSettings, type PolledSetting } from './polled-settings.js';
import { SettingsRepository } from './settings.repository.js';

/** Settings keys: `placement-weights:HOME`, or `placement-weights:HOME@champions` for one segment target. */
const KEY_PREFIX = 'placement-weights:';
const slotOf = (p: PlacementName, target: string | null) => (target ? `${p}@${target}` : p);

/** What the settings table holds per slot: operator weights, or null after a reset to defaults. */
interface StoredWeights {
  weights: PlacementWeights | null;
}

/** A segment's own weights on a placement, as they apply to one request. */
export interface SegmentWeights {
  /** The segment or lifecycle stage whose weights apply. */
  target: string;
  weights: PlacementWeights;
  /** The setting's version: part of the cache key of lists ranked with these weights. */
  version: number;
}

/** One stored version of a placement's weights (null weights: reset to defaults). */
export interface WeightsVersion {
  version: number;
  weights: PlacementWeights | null;
  updatedAt: Date;
  updatedBy: string | null;
  comment: string | null;
}

/**
 * Blend weights per placement, and optionally per customer segment on a placement, held in memory on each
 * instance and re-read within SETTINGS_POLL_SECONDS of a change anywhere (PolledSettings). The version of the
 * setting that ranked a list is part of its cache key: lists computed with old weights are never served again.
 * A segment target is an RFM segment name, a lifecycle stage or a value segment (src/ml/segments/segment-target.ts).
 */
@Injectable()
export class PlacementWeightsService implements OnModuleInit, OnApplicationShutdown {
  private readonly configured: Partial<Record<PlacementName, PlacementWeights>>;
  private readonly settings: PolledSettings<PlacementWeights>;
  /** Placements with at least one segment override in force (only those need the user's segment). */
  private segmented = new Set<PlacementName>();

  constructor(
    repository: SettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.configured = parseConfiguredWeights(config.PLACEMENT_WEIGHTS);
    this.settings = new PolledSettings<PlacementWeights>(
      repository,
      KEY_PREFIX,
      parseStored,
      new Logger('PlacementWeights'),
      (held) => (this.segmented = segmentedPlacements(held)),
    );
  }

  onModuleInit(): Promise<void> {
    return this.settings.start(this.config.SETTINGS_POLL_SECONDS);
  }

  onApplicationShutdown(): void {
    this.settings.stop();
  }

  /** Re-reads the settings whose version moved; concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.settings.refresh();
  }

  /** The weights that apply to a placement, given the served model's fitted blend (null: no model). */
  resolve(placement: PlacementName, modelBlend: readonly BlendSourceSpec[] | null): ResolvedWeights {
    return resolveWeights(
      placement,
      this.settings.get(placement)?.value ?? null,
      this.configured[placement],
      modelBlend,
    );
  }

  /** Version of a placement's settings, for cache keys ("0" while never set). */
  version(placement: PlacementName): number {
    return this.settings.get(placement)?.version ?? 0;
  }

  /** Whether some segment has its own weights on this placement (else no segment lookup is needed). */
  hasSegmentWeights(placement: PlacementName): boolean {
    return this.segmented.has(placement);
  }

  /** The weights of the customer's segment (RFM segment first, then lifecycle stage), or null: placement's apply. */
  forSegment(placement: PlacementName, membership: SegmentMembership | null): SegmentWeights | null {
    if (!this.segmented.has(placement)) return null;
    const target = matchSegmentTarget(membership, (t) => !!this.settings.get(slotOf(placement, t))?.value);
    if (target === null) return null;
    const held = this.settings.get(slotOf(placement, target))!;
    return { target, weights: held.value!, version: held.version };
  }

  /** A segment's stored override on a placement (null weights: none in force) and its version (0: never set). */
  segmentSetting(placement: PlacementName, target: string): { weights: PlacementWeights | null; version: number } {
    const held = this.settings.get(slotOf(placement, checkTarget(target)));
    return { weights: held?.value ?? null, version: held?.version ?? 0 };
  }

  /** Every segment override in force, by placement then target. */
  segmentOverrides(placement?: PlacementName): { placement: PlacementName; target: string; version: number }[] {
    const out: { placement: PlacementName; target: string; version: number }[] = [];
    for (const p of placement ? [placement] : PLACEMENTS) {
      for (const target of SEGMENT_TARGETS) {
        const held = this.settings.get(slotOf(p, target));
        if (held?.value) out.push({ placement: p, target, version: held.version });
      }
    }
    return out;
  }

  /**
   * Stores operator weights for a placement, or for one segment on it (validated); applies at once here,
   * within a poll elsewhere.
   */
  async set(
    placement: PlacementName,
    weights: PlacementWeights,
    updatedBy: string | null,
    comment: string | null,
    target: string | null = null,
  ): Promise<number> {
    if (target !== null) checkTarget(target);
    let clean: PlacementWeights;
    try {
      clean = validateWeights(placement, weights);
    } catch (e) {
      throw badInput((e as Error).message, { argument: 'weights' });
    }
    const stored: StoredWeights = { weights: clean };
    return this.settings.write(slotOf(placement, target), stored, clean, updatedBy, comment);
  }

  /**
   * Back to the defaults (config, the model's fitted blend, built-in) — for a segment: back to the placement's
   * weights. The version still moves forward.
   */
  async reset(
    placement: PlacementName,
    updatedBy: string | null,
    comment = 'reset to defaults',
    target: string | null = null,
  ): Promise<number> {
    if (target !== null) checkTarget(target);
    const stored: StoredWeights = { weights: null };
    return this.settings.write(slotOf(placement, target), stored, null, updatedBy, comment);
  }

  /** The stored versions of a placement's (or a segment's) weights, newest first (empty while never set). */
  async history(placement: PlacementName, limit = 50, target: string | null = null): Promise<WeightsVersion[]> {
    if (target !== null) checkTarget(target);
    return (await this.settings.history(slotOf(placement, target), limit)).map((v) => ({
      version: v.version,
      weights: (v.value as StoredWeights | null)?.weights ?? null,
      updatedAt: v.updatedAt,
      updatedBy: v.updatedBy,
      comment: v.comment,
    }));
  }

  /** Makes an earlier version's weights current again, as a new version (history is never rewritten). */
  async rollback(
    placement: PlacementName,
    version: number,
    updatedBy: string | null,
    comment: string | null,
    target: string | null = null,
  ): Promise<number> {
    const earlier = (await this.history(placement, 10_000, target)).find((v) => v.version === version);
    if (!earlier) {
      throw badInput(`${slotOf(placement, target)} has no weights version ${version}`, { argument: 'version' });
    }
    const note = comment ?? `rollback to version ${version}`;
    if (earlier.weights === null) return this.reset(placement, updatedBy, note, target);
    return this.set(placement, earlier.weights, updatedBy, note, target);
  }
}

/** A stored slot's weights, validated (null: reset, or a slot this version does not know). */
function parseStored(slot: string, stored: unknown): PlacementWeights | null {
  const [placement, target = null] = slot.split('@') as [PlacementName, string?];
  if (!PLACEMENTS.includes(placement) || (target !== null && !isSegmentTarget(target))) return null;
  const raw = (stored as StoredWeights | null)?.weights ?? null;
  return raw && validateWeights(placement, raw);
}

function checkTarget(target: string): string {
  if (!isSegmentTarget(target)) {
    throw badInput(`unknown segment "${target}" (one of: ${SEGMENT_TARGETS.join(', ')})`, { argument: 'segment' });
  }
  return target;
}

function segmentedPlacements(held: ReadonlyMap<string, PolledSetting<PlacementWeights>>): Set<PlacementName> {
  const out = new Set<PlacementName>();
  for (const [slot, s] of held) if (s.value && slot.includes('@')) out.add(slot.split('@')[0] as PlacementName);
  return out;
}
