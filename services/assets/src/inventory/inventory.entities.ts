import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredCustomFields } from '../common/sql.util';

@Entity({ name: 'parts' })
export class Part {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ type: 'text' }) sku!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'unit_of_measure', type: 'text' }) unitOfMeasure!: string;
  @Column({ name: 'unit_cost', type: 'numeric' }) unitCost!: string;
  @Column({ name: 'preferred_vendor_id', type: 'uuid', nullable: true }) preferredVendorId!: string | null;
  @Column({ name: 'custom_fields', type: 'jsonb' }) customFields!: StoredCustomFields;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'stock_levels' })
export class StockLevel {
  @Column({ name: 'tenant_id', type: 'uuid', primary: true }) tenantId!: string;
  @Column({ name: 'part_id', type: 'uuid', primary: true }) partId!: string;
  @Column({ name: 'storeroom_id', type: 'uuid', primary: true }) storeroomId!: string;
  @Column({ name: 'on_hand', type: 'numeric' }) onHand!: string;
  @Column({ type: 'numeric' }) reserved!: string;
  @Column({ type: 'numeric' }) minimum!: string;
  @Column({ name: 'reorder_point', type: 'numeric' }) reorderPoint!: string;
  @Column({ name: 'below_reorder_point', type: 'boolean' }) belowReorderPoint!: boolean;
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export const MOVEMENT_KINDS = ['receipt', 'issue', 'transfer_out', 'transfer_in', 'adjustment', 'reservation', 'reservation_release'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One line of the append-only stock ledger. */
@Entity({ name: 'stock_movements' })
export class StockMovement {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'part_id', type: 'uuid' }) partId!: string;
  @Column({ name: 'storeroom_id', type: 'uuid' }) storeroomId!: string;
  @Column({ type: 'text' }) kind!: MovementKind;
  /** Change of on hand (negative for issues and transfers out). */
  @Column({ type: 'numeric' }) quantity!: string;
  @Column({ name: 'reserved_change', type: 'numeric' }) reservedChange!: string;
  @Column({ name: 'on_hand_after', type: 'numeric' }) onHandAfter!: string;
  @Column({ name: 'reserved_after', type: 'numeric' }) reservedAfter!: string;
  @Column({ name: 'unit_cost', type: 'numeric', nullable: true }) unitCost!: string | null;
  @Column({ name: 'work_order_id', type: 'uuid', nullable: true }) workOrderId!: string | null;
  @Column({ name: 'asset_id', type: 'uuid', nullable: true }) assetId!: string | null;
  @Column({ name: 'purchase_order_id', type: 'uuid', nullable: true }) purchaseOrderId!: string | null;
  @Column({ name: 'transfer_id', type: 'uuid', nullable: true }) transferId!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) actor!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
}

export type ReservationStatus = 'active' | 'released' | 'consumed';

@Entity({ name: 'reservations' })
export class Reservation {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'work_order_id', type: 'uuid' }) workOrderId!: string;
  @Column({ name: 'line_id', type: 'text' }) lineId!: string;
  @Column({ name: 'part_id', type: 'uuid' }) partId!: string;
  @Column({ name: 'storeroom_id', type: 'uuid' }) storeroomId!: string;
  @Column({ name: 'quantity_requested', type: 'numeric' }) quantityRequested!: string;
  /** What could be reserved; less than requested means the reservation is short. */
  @Column({ name: 'quantity_reserved', type: 'numeric' }) quantityReserved!: string;
  @Column({ type: 'text' }) status!: ReservationStatus;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
