import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../numeric-transformer.js';

export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Idempotency key: the client's event id, or one derived from the imported row. Unique. */
  @Column({ name: 'event_key', type: 'text', unique: true })
  eventKey!: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId!: string;

  @Column({ name: 'item_id', type: 'bigint' })
  itemId!: string;

  @Column({ type: 'text' })
  type!: EventType;

  @Column({ type: 'integer', default: 1 })
  quantity!: number;

  @Column({ type: 'numeric', precision: 14, scale: 4, nullable: true, transformer: numericTransformer })
  price!: number | null;

  @Column({ name: 'basket_id', type: 'text', nullable: true })
  basketId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** The recommendation response that led to this event, for attribution. */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
