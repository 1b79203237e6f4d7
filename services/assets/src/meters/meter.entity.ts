import { Column, Entity, PrimaryColumn } from 'typeorm';

export const METER_KINDS = ['cumulative', 'gauge'] as const;
export type MeterKindName = (typeof METER_KINDS)[number];

@Entity({ name: 'meters' })
export class Meter {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: MeterKindName;

  @Column({ type: 'text' })
  unit!: string;

  /** Value of the latest reading in time. */
  @Column({ name: 'last_value', type: 'numeric', nullable: true })
  lastValue!: string | null;

  @Column({ name: 'last_read_at', type: 'timestamptz', nullable: true })
  lastReadAt!: Date | null;

  /** Cumulative meters: first reading + every delta since, across resets. */
  @Column({ name: 'lifetime_total', type: 'numeric' })
  lifetimeTotal!: string;

  @Column({ name: 'reading_count', type: 'bigint' })
  readingCount!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'meter_readings' })
export class MeterReading {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meter_id', type: 'uuid' })
  meterId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt!: Date;

  @Column({ type: 'numeric' })
  value!: string;

  @Column({ type: 'numeric', nullable: true })
  delta!: string | null;

  @Column({ name: 'lifetime_total', type: 'numeric', nullable: true })
  lifetimeTotal!: string | null;

  @Column({ name: 'is_reset', type: 'boolean' })
  isReset!: boolean;

  @Column({ name: 'work_order_id', type: 'uuid', nullable: true })
  workOrderId!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
