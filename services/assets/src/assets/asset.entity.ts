import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredCustomFields } from '../common/sql.util';

export const ASSET_STATUSES = [
  'operational',
  'down',
  'standby',
  'maintenance',
  'inspection_scheduled',
  'commissioning',
  'decommissioned',
] as const;
export type AssetStatusName = (typeof ASSET_STATUSES)[number];

/** Statuses during which the asset is not available: entering one opens a downtime interval. */
export const DOWN_STATUSES: ReadonlySet<AssetStatusName> = new Set(['down', 'maintenance']);

export const CRITICALITIES = ['A', 'B', 'C'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

@Entity({ name: 'assets' })
export class Asset {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  tag!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', nullable: true })
  manufacturer!: string | null;

  @Column({ type: 'text', nullable: true })
  model!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  @Column({ type: 'char', length: 1 })
  criticality!: Criticality;

  @Column({ type: 'text' })
  status!: AssetStatusName;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Materialised path of asset ids, root first, self last. */
  @Column({ type: 'text' })
  path!: string;

  @Column({ name: 'location_id', type: 'uuid' })
  locationId!: string;

  @Column({ name: 'install_date', type: 'date', nullable: true })
  installDate!: string | null;

  @Column({ name: 'purchase_cost', type: 'numeric', nullable: true })
  purchaseCost!: string | null;

  @Column({ name: 'warranty_expiry', type: 'date', nullable: true })
  warrantyExpiry!: string | null;

  @Column({ type: 'text', nullable: true })
  barcode!: string | null;

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields!: StoredCustomFields;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'decommissioned_at', type: 'timestamptz', nullable: true })
  decommissionedAt!: Date | null;
}

@Entity({ name: 'asset_status_changes' })
export class AssetStatusChange {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: AssetStatusName | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: AssetStatusName;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}

export type DowntimeKindName = 'planned' | 'unplanned';
/** Who owns an interval: the asset (status changes, `POST /assets/{id}/downtimes`) or a work order (its recorded downtime, one per work order). */
export type DowntimeOrigin = 'asset' | 'work_order';

@Entity({ name: 'downtimes' })
export class Downtime {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ type: 'text' })
  kind!: DowntimeKindName;

  @Column({ type: 'text' })
  status!: AssetStatusName;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'text', default: 'asset' })
  origin!: DowntimeOrigin;
}
