import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named, versioned piece of runtime configuration (e.g. a placement's blend weights). */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;
}

/** Every earlier value of a setting, so a change can be rolled back. */
@Entity({ name: 'setting_history' })
export class SettingHistoryEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;
}
