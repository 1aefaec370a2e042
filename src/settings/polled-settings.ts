import type { Logger } from '@nestjs/common';
import { PeriodicRefresh } from '../common/periodic-refresh.js';
import type { SettingsRepository, SettingVersion } from './settings.repository.js';

/** One setting as an instance holds it: its parsed value (null: none in force) and its version. */
export interface PolledSetting<T> {
  value: T | null;
  version: number;
}

/**
 * The settings under one key prefix, held in memory and re-read when a version moves: every `pollSeconds` a
 * cheap query compares the stored versions with the held ones, so a change made on any instance applies
 * everywhere within one poll. A write applies on this instance at once. Slots are keys without the prefix.
 * `parse` validates a stored value (throwing makes it ignored and logged); it returns null for "none".
 */
export class PolledSettings<T> {
  private held = new Map<string, PolledSetting<T>>();
  private readonly refresher: PeriodicRefresh;

  constructor(
    private readonly repository: SettingsRepository,
    private readonly prefix: string,
    private readonly parse: (slot: string, stored: unknown) => T | null,
    private readonly logger: Logger,
    /** Called after every change of the held settings (a reload or a write on this instance). */
    private readonly onChange: (held: ReadonlyMap<string, PolledSetting<T>>) => void = () => undefined,
  ) {
    this.refresher = new PeriodicRefresh(() => this.load(), logger);
  }

  start(pollSeconds: number): Promise<void> {
    return this.refresher.start(pollSeconds);
  }

  stop(): void {
    this.refresher.stop();
  }

  get(slot: string): PolledSetting<T> | undefined {
    return this.held.get(slot);
  }

  /** Re-reads the settings whose version moved; concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  /** Stores `stored` under the slot (with author and comment, history kept) and holds `value`; the new version. */
  async write(slot: string, stored: unknown, value: T | null, updatedBy: string | null, comment: string | null) {
    const version = await this.repository.write(this.prefix + slot, stored, updatedBy, comment);
    this.held.set(slot, { value, version });
    this.onChange(this.held);
    return version;
  }

  /** Every stored version of a slot, newest first. */
  history(slot: string, limit: number): Promise<SettingVersion[]> {
    return this.repository.history(this.prefix + slot, limit);
  }

  private async load(): Promise<void> {
    const versions = await this.repository.versions(this.prefix);
    const moved =
      versions.size !== this.held.size ||
      [...versions].some(([key, v]) => this.held.get(key.slice(this.prefix.length))?.version !== v);
    if (!moved) return;
    const next = new Map<string, PolledSetting<T>>();
    for (const s of await this.repository.readAll(this.prefix)) {
      const slot = s.key.slice(this.prefix.length);
      let value: T | null = null;
      try {
        value = this.parse(slot, s.value);
      } catch (e) {
        this.logger.error(`ignoring stored setting ${s.key}: ${(e as Error).message}`);
      }
      // Held even when ignored, so the version comparison above stays quiet.
      next.set(slot, { value, version: s.version });
    }
    this.held = next;
    this.onChange(next);
  }
}
