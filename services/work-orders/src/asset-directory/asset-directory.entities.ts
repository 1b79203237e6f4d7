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

  /** When tag, name and location last changed at the assets service; null when not known. */
  @Column({ name: 'register_changed_at', type: 'timestamptz', nullable: true })
  registerChangedAt!: Date | null;

  /** When the status last changed at the assets service (effective time); null when not known. */
  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  /** When the assets service deleted it: a tombstone, unknown to new work; null while it exists. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** When this row was last written here. */
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

  /** When the location's own fields (name) last changed at the assets service; null when not known. */
  @Column({ name: 'name_changed_at', type: 'timestamptz', nullable: true })
  nameChangedAt!: Date | null;

  /** When parent and ancestors last changed at the assets service (its own move or an ancestor's); null when not known. */
  @Column({ name: 'tree_changed_at', type: 'timestamptz', nullable: true })
  treeChangedAt!: Date | null;

  /** When the assets service deleted it: a tombstone, unknown to new work; null while it exists. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** When this row was last written here. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
