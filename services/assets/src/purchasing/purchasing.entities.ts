import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'vendors' })
export class Vendor {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export const PURCHASE_ORDER_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'partially_received', 'received', 'closed', 'cancelled'] as const;
export type PurchaseOrderStatusName = (typeof PURCHASE_ORDER_STATUSES)[number];

@Entity({ name: 'purchase_orders' })
export class PurchaseOrder {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ type: 'text' }) number!: string;
  @Column({ name: 'vendor_id', type: 'uuid' }) vendorId!: string;
  @Column({ type: 'text' }) status!: PurchaseOrderStatusName;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'storeroom_id', type: 'uuid', nullable: true }) storeroomId!: string | null;
  @Column({ name: 'expected_at', type: 'date', nullable: true }) expectedAt!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'approved_by', type: 'text', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'purchase_order_lines' })
export class PurchaseOrderLine {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'purchase_order_id', type: 'uuid' }) purchaseOrderId!: string;
  @Column({ name: 'line_no', type: 'int' }) lineNo!: number;
  @Column({ name: 'part_id', type: 'uuid' }) partId!: string;
  @Column({ type: 'numeric' }) quantity!: string;
  @Column({ name: 'unit_cost', type: 'numeric' }) unitCost!: string;
  @Column({ name: 'quantity_received', type: 'numeric' }) quantityReceived!: string;
}

@Entity({ name: 'purchase_order_status_changes' })
export class PurchaseOrderStatusChange {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'purchase_order_id', type: 'uuid' }) purchaseOrderId!: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus!: PurchaseOrderStatusName | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus!: PurchaseOrderStatusName;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
}
