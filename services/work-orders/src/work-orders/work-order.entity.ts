import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttachmentMetadata, CustomFields, WorkOrderPriority, WorkOrderSource, WorkOrderStatus, WorkOrderType } from './work-order.model';

@Entity({ name: 'work_orders' })
export class WorkOrder {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'number_seq', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  numberSeq!: number;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  type!: WorkOrderType;

  @Column({ type: 'text' })
  priority!: WorkOrderPriority;

  @Column({ name: 'priority_rank', type: 'smallint' })
  priorityRank!: number;

  @Column({ type: 'text' })
  status!: WorkOrderStatus;

  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId!: string | null;

  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId!: string | null;

  @Column({ name: 'assignee_ids', type: 'text', array: true })
  assigneeIds!: string[];

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'requester_id', type: 'text', nullable: true })
  requesterId!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'planned_start_at', type: 'timestamptz', nullable: true })
  plannedStartAt!: Date | null;

  @Column({ name: 'estimated_duration_minutes', type: 'integer', nullable: true })
  estimatedDurationMinutes!: number | null;

  @Column({ name: 'failure_problem', type: 'text', nullable: true })
  failureProblem!: string | null;

  @Column({ name: 'failure_cause', type: 'text', nullable: true })
  failureCause!: string | null;

  @Column({ name: 'failure_remedy', type: 'text', nullable: true })
  failureRemedy!: string | null;

  @Column({ type: 'text' })
  source!: WorkOrderSource;

  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef!: string | null;

  @Column({ name: 'pm_plan_id', type: 'text', nullable: true })
  pmPlanId!: string | null;

  @Column({ name: 'pm_occurrence_id', type: 'text', nullable: true })
  pmOccurrenceId!: string | null;

  /** Generated for a missed PM occurrence (catch_up_one policy). */
  @Column({ name: 'pm_catch_up', type: 'boolean' })
  pmCatchUp!: boolean;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId!: string | null;

  @Column({ name: 'parent_work_order_id', type: 'uuid', nullable: true })
  parentWorkOrderId!: string | null;

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields!: CustomFields;

  /** Metadata of files kept elsewhere (e.g. carried over from the work request). */
  @Column({ type: 'jsonb' })
  attachments!: AttachmentMetadata[];

  @Column({ name: 'downtime_started_at', type: 'timestamptz', nullable: true })
  downtimeStartedAt!: Date | null;

  @Column({ name: 'downtime_ended_at', type: 'timestamptz', nullable: true })
  downtimeEndedAt!: Date | null;

  @Column({ name: 'downtime_planned', type: 'boolean' })
  downtimePlanned!: boolean;

  @Column({ name: 'follow_up_on_failed_inspection', type: 'boolean' })
  followUpOnFailedInspection!: boolean;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  @Column({ name: 'completion_count', type: 'integer' })
  completionCount!: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'overdue_notified_due_at', type: 'timestamptz', nullable: true })
  overdueNotifiedDueAt!: Date | null;
}
