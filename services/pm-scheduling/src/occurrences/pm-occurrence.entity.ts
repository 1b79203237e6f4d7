import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An occurrence the engine decided on (generated or skipped), with its work order's outcome. */
@Entity({ name: 'pm_occurrences' })
export class PmOccurrence {
  @PrimaryColumn({ name: 'occurrence_id', type: 'uuid' })
  occurrenceId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ name: 'occurrence_at', type: 'timestamptz' })
  occurrenceAt!: Date;

  @Column({ name: 'planned_start_at', type: 'timestamptz', nullable: true })
  plannedStartAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** The PM interval at this occurrence (ms), for the compliance grace; null when not a time. */
  @Column({ name: 'interval_ms', type: 'bigint', nullable: true, transformer: { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) } })
  intervalMs!: number | null;

  @Column({ type: 'text' })
  trigger!: string;

  @Column({ name: 'catch_up', type: 'boolean' })
  catchUp!: boolean;

  /** generated or skipped. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason!: string | null;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  /** open, completed or cancelled; null until the work-orders service reported the work order. */
  @Column({ name: 'work_order_status', type: 'text', nullable: true })
  workOrderStatus!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
