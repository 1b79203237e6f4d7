import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const HISTORY_KINDS = ['created', 'updated', 'assigned', 'transition'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** The audit trail of a work order: who did what, when, and why. Append-only. */
@Entity({ name: 'work_order_history' })
export class WorkOrderHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'work_order_id', type: 'uuid' })
  workOrderId!: string;

  @Column({ type: 'text' })
  kind!: HistoryKind;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, { from: unknown; to: unknown }> | null;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
