import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An asset as the assets service last described it (read model). */
@Entity({ name: 'known_assets' })
export class KnownAsset {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ type: 'text' })
  tag!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'location_id', type: 'uuid', nullable: true })
  locationId!: string | null;

  /** Lower-case status name without prefix, e.g. `operational`, `decommissioned`. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'location_path_ids', type: 'uuid', array: true })
  locationPathIds!: string[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A location as the assets service last described it (read model). */
@Entity({ name: 'known_locations' })
export class KnownLocation {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ name: 'location_id', type: 'uuid' })
  locationId!: string;

  @Column({ name: 'parent_location_id', type: 'uuid', nullable: true })
  parentLocationId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  /** Root first, without the location itself. */
  @Column({ name: 'ancestor_ids', type: 'uuid', array: true })
  ancestorIds!: string[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
