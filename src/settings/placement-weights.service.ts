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
import { PLACEMENTS, type PlacementName } from '../recommendations/ranking/placement-plan.js';
import {
  parseConfiguredWeights,
  resolveWeights,
  validateWeights,
  type PlacementWeights,
  type ResolvedWeights,
} from './placement-weights.js';
import { SettingsRepository } from './settings.repository.js';

const KEY_PREFIX = 'placement-weights:';
/** Settings key of a placement's weights, or of its override for one segment target (`HOME@champions`). */
const keyOf = (p: PlacementName, target: string | null = null) => `${KEY_PREFIX}${p}${target ? `@${target}` : ''}`;
/** In-memory key: the settings key without its prefix. */
const slotOf = (p: PlacementName, target: string | null) => (target ? `${p}@${target}` : p);

/** What the settings table holds per placement: operator weights, or null after a reset to defaults. */
interface StoredWeights {
  weights: PlacementWeights | null;
}

interface Cached {
  operator: PlacementWeights | null;
  /** The setting's version (0 = never set); part of every cache key of the placement. */
  version: number;
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
 * Blend weights per placement, and optionally per customer segment on a placement, cached in memory on each
 * instance. Every SETTINGS_POLL_SECONDS a cheap query compares the stored versions with the cached ones and
 * reloads what moved, so a change made on any instance applies everywhere within seconds. The version of the
 * setting that ranked a list is part of its cache key: lists computed with old weights are never served again.
 * A segment target is an RFM segment name or a lifecycle stage (src/ml/segments/segment-target.ts).
 */
@Injectable()
export class PlacementWeightsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PlacementWeights');
  private readonly configured: Partial<Record<PlacementName, PlacementWeights>>;
  /** By slot: `HOME`, or `HOME@champions` for a segment's override. */
  private cache = new Map<string, Cached>();
  /** Placements with at least one segment override in force (only those need the user's segment). */
  private segmented = new Set<PlacementName>();
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;

  constructor(
    private readonly repository: SettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.configured = parseConfiguredWeights(config.PLACEMENT_WEIGHTS);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((e: unknown) => this.logger.warn(`settings poll failed: ${(e as Error).message}`));
    }, this.config.SETTINGS_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Re-reads the settings whose version moved; concurrent calls share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The weights that apply to a placement, given the served model's fitted blend (null: no model). */
  resolve(placement: PlacementName, modelBlend: readonly BlendSourceSpec[] | null): ResolvedWeights {
    return resolveWeights(
      placement,
      this.cache.get(placement)?.operator ?? null,
      this.configured[placement],
      modelBlend,
    );
  }

  /** Version of a placement's settings, for cache keys ("0" while never set). */
  version(placement: PlacementName): number {
    return this.cache.get(placement)?.version ?? 0;
  }

  /** Whether some segment has its own weights on this placement (else no segment lookup is needed). */
  hasSegmentWeights(placement: PlacementName): boolean {
    return this.segmented.has(placement);
  }

  /** The weights of the customer's segment (RFM segment first, then lifecycle stage), or null: placement's apply. */
  forSegment(placement: PlacementName, membership: SegmentMembership | null): SegmentWeights | null {
    if (!this.segmented.has(placement)) return null;
    const target = matchSegmentTarget(membership, (t) => !!this.cache.get(slotOf(placement, t))?.operator);
    if (target === null) return null;
    const slot = this.cache.get(slotOf(placement, target))!;
    return { target, weights: slot.operator!, version: slot.version };
  }

  /** A segment's stored override on a placement (null weights: none in force) and its version (0: never set). */
  segmentSetting(placement: PlacementName, target: string): { weights: PlacementWeights | null; version: number } {
    const slot = this.cache.get(slotOf(placement, checkTarget(target)));
    return { weights: slot?.operator ?? null, version: slot?.version ?? 0 };
  }

  /** Every segment override in force, by placement then target. */
  segmentOverrides(placement?: PlacementName): { placement: PlacementName; target: string; version: number }[] {
    const out: { placement: PlacementName; target: string; version: number }[] = [];
    for (const p of placement ? [placement] : PLACEMENTS) {
      for (const target of SEGMENT_TARGETS) {
        const slot = this.cache.get(slotOf(p, target));
        if (slot?.operator) out.push({ placement: p, target, version: slot.version });
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
    const version = await this.repository.write(keyOf(placement, target), stored, updatedBy, comment);
    this.remember(placement, target, { operator: clean, version });
    return version;
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
    const version = await this.repository.write(keyOf(placement, target), stored, updatedBy, comment);
    this.remember(placement, target, { operator: null, version });
    return version;
  }

  /** The stored versions of a placement's (or a segment's) weights, newest first (empty while never set). */
  async history(placement: PlacementName, limit = 50, target: string | null = null): Promise<WeightsVersion[]> {
    if (target !== null) checkTarget(target);
    return (await this.repository.history(keyOf(placement, target), limit)).map((v) => ({
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

  private remember(placement: PlacementName, target: string | null, cached: Cached): void {
    this.cache.set(slotOf(placement, target), cached);
    this.segmented = segmentedPlacements(this.cache);
  }

  private async load(): Promise<void> {
    const versions = await this.repository.versions(KEY_PREFIX);
    const moved =
      versions.size !== this.cache.size ||
      [...versions].some(([key, v]) => this.cache.get(key.slice(KEY_PREFIX.length))?.version !== v);
    if (!moved) return;
    const next = new Map<string, Cached>();
    for (const s of await this.repository.readAll(KEY_PREFIX)) {
      const slot = s.key.slice(KEY_PREFIX.length);
      const [placement, target = null] = slot.split('@') as [PlacementName, string?];
      if (!PLACEMENTS.includes(placement) || (target !== null && !isSegmentTarget(target))) {
        // Still cached (without weights) so the version comparison above stays quiet.
        next.set(slot, { operator: null, version: s.version });
        continue;
      }
      const raw = (s.value as StoredWeights | null)?.weights ?? null;
      let operator: PlacementWeights | null = null;
      if (raw) {
        try {
          operator = validateWeights(placement, raw);
        } catch (e) {
          this.logger.error(`ignoring stored weights of ${slot}: ${(e as Error).message}`);
        }
      }
      next.set(slot, { operator, version: s.version });
    }
    this.cache = next;
    this.segmented = segmentedPlacements(next);
  }
}

function checkTarget(target: string): string {
  if (!isSegmentTarget(target)) {
    throw badInput(`unknown segment "${target}" (one of: ${SEGMENT_TARGETS.join(', ')})`, { argument: 'segment' });
  }
  return target;
}

function segmentedPlacements(cache: ReadonlyMap<string, Cached>): Set<PlacementName> {
  const out = new Set<PlacementName>();
  for (const [slot, c] of cache) if (c.operator && slot.includes('@')) out.add(slot.split('@')[0] as PlacementName);
  return out;
}
