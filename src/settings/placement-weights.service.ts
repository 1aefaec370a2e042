import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { BlendSourceSpec } from '../ml/artifact/model-bundle.js';
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
const keyOf = (p: PlacementName) => `${KEY_PREFIX}${p}`;

/** What the settings table holds per placement: operator weights, or null after a reset to defaults. */
interface StoredWeights {
  weights: PlacementWeights | null;
}

interface Cached {
  operator: PlacementWeights | null;
  /** The setting's version (0 = never set); part of every cache key of the placement. */
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
 * Blend weights per placement, cached in memory on each instance. Every SETTINGS_POLL_SECONDS a cheap query
 * compares the stored versions with the cached ones and reloads what moved, so a change made on any instance
 * applies everywhere within seconds. The placement's version is part of its cache keys: cached lists computed
 * with the old weights are never served again (they age out).
 */
@Injectable()
export class PlacementWeightsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PlacementWeights');
  private readonly configured: Partial<Record<PlacementName, PlacementWeights>>;
  private cache = new Map<PlacementName, Cached>();
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

  /** Stores operator weights for a placement (validated); applies at once here, within a poll elsewhere. */
  async set(
    placement: PlacementName,
    weights: PlacementWeights,
    updatedBy: string | null,
    comment: string | null,
  ): Promise<number> {
    let clean: PlacementWeights;
    try {
      clean = validateWeights(placement, weights);
    } catch (e) {
      throw badInput((e as Error).message, { argument: 'weights' });
    }
    const stored: StoredWeights = { weights: clean };
    const version = await this.repository.write(keyOf(placement), stored, updatedBy, comment);
    this.cache.set(placement, { operator: clean, version });
    return version;
  }

  /** Back to the defaults (config, the model's fitted blend, built-in); the version still moves forward. */
  async reset(placement: PlacementName, updatedBy: string | null, comment = 'reset to defaults'): Promise<number> {
    const stored: StoredWeights = { weights: null };
    const version = await this.repository.write(keyOf(placement), stored, updatedBy, comment);
    this.cache.set(placement, { operator: null, version });
    return version;
  }

  /** The placement's stored versions, newest first (an empty list while never set). */
  async history(placement: PlacementName, limit = 50): Promise<WeightsVersion[]> {
    return (await this.repository.history(keyOf(placement), limit)).map((v) => ({
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
  ): Promise<number> {
    const target = (await this.history(placement, 10_000)).find((v) => v.version === version);
    if (!target) throw badInput(`${placement} has no weights version ${version}`, { argument: 'version' });
    const note = comment ?? `rollback to version ${version}`;
    if (target.weights === null) return this.reset(placement, updatedBy, note);
    return this.set(placement, target.weights, updatedBy, note);
  }

  private async load(): Promise<void> {
    const versions = await this.repository.versions(KEY_PREFIX);
    const moved = PLACEMENTS.some((p) => (versions.get(keyOf(p)) ?? 0) !== (this.cache.get(p)?.version ?? 0));
    if (!moved) return;
    const next = new Map<PlacementName, Cached>();
    for (const s of await this.repository.readAll(KEY_PREFIX)) {
      const placement = s.key.slice(KEY_PREFIX.length) as PlacementName;
      if (!PLACEMENTS.includes(placement)) continue;
      const raw = (s.value as StoredWeights | null)?.weights ?? null;
      let operator: PlacementWeights | null = null;
      if (raw) {
        try {
          operator = validateWeights(placement, raw);
        } catch (e) {
          this.logger.error(`ignoring stored weights of ${placement}: ${(e as Error).message}`);
        }
      }
      next.set(placement, { operator, version: s.version });
    }
    this.cache = next;
  }
}
