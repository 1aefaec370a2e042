import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredSetting {
  key: string;
  value: unknown;
  version: number;
}

/** The `settings` table (and its history): versioned runtime configuration shared by every instance. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keys and versions under a prefix: the cheap poll (values are read only when a version moved). */
  async versions(prefix: string): Promise<Map<string, number>> {
    const rows: { key: string; version: number }[] = await this.dataSource.query(
      `SELECT key, version::int AS version FROM settings WHERE starts_with(key, $1)`,
      [prefix],
    );
    return new Map(rows.map((r) => [r.key, Number(r.version)]));
  }

  async readAll(prefix: string): Promise<StoredSetting[]> {
    const rows: { key: string; value: unknown; version: number }[] = await this.dataSource.query(
      `SELECT key, value, version::int AS version FROM settings WHERE starts_with(key, $1)`,
      [prefix],
    );
    return rows.map((r) => ({
      key: r.key,
      value: typeof r.value === 'string' ? JSON.parse(r.value) : r.value,
      version: Number(r.version),
    }));
  }

  /**
   * Writes a value, bumping the version (never reset, so a version identifies one value forever) and keeping
   * the previous value in setting_history. Returns the new version.
   */
  async write(key: string, value: unknown, updatedBy: string | null, comment: string | null): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO setting_history (key, version, value, updated_at, updated_by, comment)
         SELECT key, version, value, updated_at, updated_by, comment FROM settings WHERE key = $1
         ON CONFLICT DO NOTHING`,
        [key],
      );
      const [row]: { version: number }[] = await m.query(
        `INSERT INTO settings (key, value, updated_by, comment)
         VALUES ($1, $2::jsonb, $3, $4)
         ON CONFLICT (key) DO UPDATE
           SET value = EXCLUDED.value, version = settings.version + 1, updated_at = now(),
               updated_by = EXCLUDED.updated_by, comment = EXCLUDED.comment
         RETURNING version::int AS version`,
        [key, JSON.stringify(value), updatedBy, comment],
      );
      return Number(row.version);
    });
  }

  /** Every version of a key, newest first: the current row and its history. */
  async history(key: string, limit: number): Promise<SettingVersion[]> {
    const rows: {
      version: number;
      value: unknown;
      updated_at: Date;
      updated_by: string | null;
      comment: string | null;
    }[] = await this.dataSource.query(
      `SELECT version::int AS version, value, updated_at, updated_by, comment FROM settings WHERE key = $1
         UNION ALL
         SELECT version::int, value, updated_at, updated_by, comment FROM setting_history WHERE key = $1
         ORDER BY version DESC LIMIT $2`,
      [key, limit],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      value: typeof r.value === 'string' ? JSON.parse(r.value) : r.value,
      updatedAt: new Date(r.updated_at),
      updatedBy: r.updated_by,
      comment: r.comment,
    }));
  }
}

export interface SettingVersion {
  version: number;
  value: unknown;
  updatedAt: Date;
  updatedBy: string | null;
  comment: string | null;
}
