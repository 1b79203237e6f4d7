import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A location of the tenant's tree as the assets service's events left it (this service cannot read
 * the assets database): its parent, and the time of the event that set it, so an older event
 * applied late changes nothing. A deleted location stays as a tombstone.
 */
@Entity({ name: 'known_locations' })
export class KnownLocation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('uuid', { name: 'location_id' }) locationId!: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('boolean') deleted!: boolean;
  @Column('timestamptz', { name: 'changed_at' }) changedAt!: Date;
}

/** Where an asset is placed, from the asset events (null location: deleted). */
@Entity({ name: 'known_asset_locations' })
export class KnownAssetLocation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('uuid', { name: 'asset_id' }) assetId!: string;
  @Column('uuid', { name: 'location_id', nullable: true }) locationId!: string | null;
  @Column('timestamptz', { name: 'changed_at' }) changedAt!: Date;
}
