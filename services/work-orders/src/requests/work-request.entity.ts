import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttachmentMetadata, CustomFields, WorkOrderPriority } from '../work-orders/work-order.model';

export const WORK_REQUEST_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type WorkRequestStatus = (typeof WORK_REQUEST_STATUSES)[number];

@Entity({ name: 'work_requests' })
export class WorkRequest {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId!: string | null;

  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId!: string | null;

  @Column({ name: 'priority_hint', type: 'text' })
  priorityHint!: WorkOrderPriority;

  @Column({ name: 'contact_name', type: 'text', nullable: true })
  contactName!: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'jsonb' })
  attachments!: AttachmentMetadata[];

  /** Values of the tenant's `work_request` fields. */
  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields!: CustomFields;

  @Column({ name: 'requester_id', type: 'text' })
  requesterId!: string;

  @Column({ type: 'text' })
  status!: WorkRequestStatus;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
