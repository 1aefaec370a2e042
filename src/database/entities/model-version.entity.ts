import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ModelVersionStatus = 'registered' | 'active' | 'retired' | 'failed';

@Entity({ name: 'model_versions' })
export class ModelVersionEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', default: 'registered' })
  status!: ModelVersionStatus;

  @Column({ name: 'artifact_path', type: 'text' })
  artifactPath!: string;

  @Column({ type: 'jsonb' })
  manifest!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metrics!: Record<string, unknown>;

  @Column({ name: 'primary_metric', type: 'double precision', nullable: true })
  primaryMetric!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}
