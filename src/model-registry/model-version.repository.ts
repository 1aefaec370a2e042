import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModelVersionEntity, type ModelVersionStatus } from '../database/entities/model-version.entity.js';

export interface ModelVersionRecord {
  id: string;
  status: ModelVersionStatus;
  artifactPath: string;
  manifest: Record<string, unknown>;
  metrics: Record<string, unknown>;
  primaryMetric: number | null;
  createdAt: Date;
  activatedAt: Date | null;
}

/** The model registry in PostgreSQL: the training job registers versions, the service polls the active one. */
@Injectable()
export class ModelVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async register(v: {
    id: string;
    artifactPath: string;
    manifest: Record<string, unknown>;
    metrics: Record<string, unknown>;
    primaryMetric: number | null;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO model_versions (id, status, artifact_path, manifest, metrics, primary_metric)
       VALUES ($1, 'registered', $2, $3, $4, $5)`,
      [v.id, v.artifactPath, JSON.stringify(v.manifest), JSON.stringify(v.metrics), v.primaryMetric],
    );
  }

  /** Makes `id` the one active version, retiring the previous one, atomically. */
  async activate(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const found: { id: string }[] = await m.query(`SELECT id FROM model_versions WHERE id = $1 FOR UPDATE`, [id]);
      if (found.length === 0) throw new Error(`model version ${id} is not registered`);
      await m.query(`UPDATE model_versions SET status = 'retired' WHERE status = 'active' AND id <> $1`, [id]);
      await m.query(`UPDATE model_versions SET status = 'active', activated_at = now() WHERE id = $1`, [id]);
    });
  }

  async findActive(): Promise<ModelVersionRecord | null> {
    return this.dataSource.getRepository(ModelVersionEntity).findOne({ where: { status: 'active' } });
  }

  async findById(id: string): Promise<ModelVersionRecord | null> {
    return this.dataSource.getRepository(ModelVersionEntity).findOne({ where: { id } });
  }

  async list(limit = 50): Promise<ModelVersionRecord[]> {
    return this.dataSource.getRepository(ModelVersionEntity).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** Cheap poll for the serving side: the active version id, or null. */
  async activeVersionId(): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM model_versions WHERE status = 'active' LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }
}
