import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { applyContactCap, type ContactCap } from '../ml/segments/contact-frequency.js';
import { PLACEMENTS, type PlacementName } from '../placements/placement.js';
import { PolledSettings } from '../settings/polled-settings.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import { checkContactCap, parseConfiguredCaps } from './contact-caps.js';
import type { ImpressionStore } from './impression-store.js';
import { MemoryImpressionStore } from './memory-impression.store.js';
import { RedisImpressionStore } from './redis-impression.store.js';

const KEY_PREFIX = 'contact-cap:';
const HOUR_MS = 3_600_000;

/** What the settings table holds per placement: the operator's cap, or null for "no cap" (config ignored). */
interface StoredCap {
  cap: ContactCap | null;
}

/** The cap a placement has and where it comes from. */
export interface PlacementCap {
  placement: PlacementName;
  cap: ContactCap | null;
  /** operator (set through the API, possibly "no cap"), config (CONTACT_CAPS) or none. */
  origin: 'operator' | 'config' | 'none';
  /** Settings version of the placement's cap (0 = never set through the API). */
  version: number;
}

/**
 * The contact-frequency guard's state: caps per placement (settings, shared by every instance within
 * SETTINGS_POLL_SECONDS; CONTACT_CAPS as defaults) and the items shown per user (Redis, or in-process without
 * REDIS_URL). Impressions are recorded only on placements with a cap. It fails open: when the impression
 * store cannot answer, nothing is suppressed — a recommendation list is worth more than the cap.
 */
@Injectable()
export class ContactFrequencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly configured: Partial<Record<PlacementName, ContactCap>>;
  private readonly settings: PolledSettings<StoredCap>;
  private readonly store: ImpressionStore;

  constructor(
    repository: SettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.configured = parseConfiguredCaps(config.CONTACT_CAPS);
    this.settings = new PolledSettings<StoredCap>(repository, KEY_PREFIX, parseStored, new Logger('ContactCaps'));
    this.store = config.REDIS_URL
      ? new RedisImpressionStore({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
        })
      : new MemoryImpressionStore();
  }

  onModuleInit(): Promise<void> {
    return this.settings.start(this.config.SETTINGS_POLL_SECONDS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.settings.stop();
    await this.store.close();
  }

  refresh(): Promise<void> {
    return this.settings.refresh();
  }

  /** The cap in force on a placement, or null. */
  capFor(placement: PlacementName): ContactCap | null {
    return this.view(placement).cap;
  }

  view(placement: PlacementName): PlacementCap {
    const held = this.settings.get(placement);
    if (held?.value) return { placement, cap: held.value.cap, origin: 'operator', version: held.version };
    const configured = this.configured[placement] ?? null;
    return { placement, cap: configured, origin: configured ? 'config' : 'none', version: held?.version ?? 0 };
  }

  all(): PlacementCap[] {
    return PLACEMENTS.map((p) => this.view(p));
  }

  /** Sets a placement's cap (validated), or `null` for no cap even when CONTACT_CAPS has one. */
  async set(
    placement: PlacementName,
    cap: ContactCap | null,
    updatedBy: string | null,
    comment: string | null,
  ): Promise<PlacementCap> {
    let clean: ContactCap | null = null;
    if (cap) {
      try {
        clean = checkContactCap(cap);
      } catch (e) {
        throw badInput((e as Error).message, { argument: (e as Error).message.split(' ')[0] });
      }
    }
    const stored: StoredCap = { cap: clean };
    await this.settings.write(placement, stored, stored, updatedBy, comment);
    return this.view(placement);
  }

  /**
   * External ids of the items the user may not see on this placement now (an empty set without a cap, or when
   * the impressions cannot be read).
   */
  async suppressed(userId: string, placement: PlacementName, now = Date.now()): Promise<ReadonlySet<string>> {
    const cap = this.capFor(placement);
    if (!cap) return NONE;
    const impressions = await this.store.recent(userId, placement, now - cap.windowHours * HOUR_MS);
    if (!impressions || impressions.length === 0) return NONE;
    const shownItems = [...new Set(impressions.map((i) => i.itemId))];
    return new Set(applyContactCap(shownItems, impressions, cap, now).suppressed.map((s) => s.itemId));
  }

  /** Records that the items were shown to the user on the placement (only when the placement has a cap). */
  async shown(userId: string, placement: PlacementName, itemIds: readonly string[], now = Date.now()): Promise<void> {
    const cap = this.capFor(placement);
    if (!cap || itemIds.length === 0) return;
    await this.store.record(userId, placement, itemIds, now, cap.windowHours * HOUR_MS);
  }

  /** Drops the user's impressions on every placement; false when the store could not be reached. */
  forgetUser(userId: string): Promise<boolean> {
    return this.store.forgetUser(userId);
  }
}

const NONE: ReadonlySet<string> = new Set<string>();

function parseStored(slot: string, stored: unknown): StoredCap | null {
  if (!PLACEMENTS.includes(slot as PlacementName)) return null;
  const cap = (stored as StoredCap | null)?.cap ?? null;
  return { cap: cap && checkContactCap(cap) };
}
