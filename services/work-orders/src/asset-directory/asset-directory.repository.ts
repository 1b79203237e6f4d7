import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { KnownAsset } from './asset-directory.entities';

export const DECOMMISSIONED = 'decommissioned';

/** An asset as an event describes it, checked (uuids, lower-case status name). */
export interface AssetRow {
  assetId: string;
  tag: string;
  name: string;
  locationId: string | null;
  status: string;
  locationPathIds: string[];
}

/** A location as an event describes it, checked. */
export interface LocationRow {
  locationId: string;
  parentLocationId: string | null;
  name: string;
  ancestorIds: string[];
}

/** What an update through `manager.query` answers: [rows, rowCount]. */
type UpdateResult = [unknown[], number];

/**
 * Every query of the asset read model (known_assets, known_locations), all SQL with numbered
 * parameters: its writes are conditional upserts that TypeORM's builders cannot express. Each part
 * of a row keeps the assets service's time of the event it came from (`*_changed_at`), and an
 * update applies only when the event is at least as new; tombstones (`deleted_at`) are never
 * changed again.
 */
@Injectable()
export class AssetDirectoryRepository {
  /** A known asset; deleted ones only with `withDeleted`. */
  async asset(
    manager: EntityManager,
    tenantId: string,
    assetId: string,
    options: { withDeleted?: boolean } = {},
  ): Promise<Pick<KnownAsset, 'locationId' | 'status' | 'deletedAt'> | null> {
    const rows: Array<{ location_id: string | null; status: string; deleted_at: Date | null }> = await manager.query(
      `select location_id, status, deleted_at from known_assets
        where tenant_id = $1 and asset_id = $2 ${options.withDeleted ? '' : 'and deleted_at is null'}`,
      [tenantId, assetId],
    );
    return rows[0] ? { locationId: rows[0].location_id, status: rows[0].status, deletedAt: rows[0].deleted_at } : null;
  }

  /** Whether the location is known and not deleted. */
  async hasLocation(manager: EntityManager, tenantId: string, locationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `select 1 from known_locations where tenant_id = $1 and location_id = $2 and deleted_at is null`,
      [tenantId, locationId],
    );
    return rows.length > 0;
  }

  /** Inserts an asset never seen before, its `kind` part timed by `at`; false when it is known already. */
  async insertAsset(manager: EntityManager, tenantId: string, asset: AssetRow, timed: { registerAt: Date | null; statusAt: Date | null }): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids, register_changed_at, status_changed_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       on conflict (tenant_id, asset_id) do nothing
       returning asset_id`,
      [tenantId, asset.assetId, asset.tag, asset.name, asset.locationId, asset.status, asset.locationPathIds, timed.registerAt, timed.statusAt],
    );
    return inserted.length > 0;
  }

  /** Tag, name and location, when `at` is at least as new as the register held; whether it applied. */
  async updateAssetRegister(manager: EntityManager, tenantId: string, asset: AssetRow, at: Date | null): Promise<boolean> {
    const [, changed]: UpdateResult = await manager.query(
      `update known_assets
          set tag = $3, name = $4, location_id = $5, location_path_ids = $6,
              register_changed_at = coalesce($7::timestamptz, register_changed_at), updated_at = now()
        where tenant_id = $1 and asset_id = $2 and deleted_at is null
          and (register_changed_at is null or $7::timestamptz >= register_changed_at)`,
      [tenantId, asset.assetId, asset.tag, asset.name, asset.locationId, asset.locationPathIds, at],
    );
    return changed > 0;
  }

  /**
   * The status, when `at` is at least as new as the status held; decommissioning always applies
   * and nothing changes a decommissioned asset. Whether it applied.
   */
  async updateAssetStatus(manager: EntityManager, tenantId: string, assetId: string, status: string, at: Date | null): Promise<boolean> {
    const [, changed]: UpdateResult = await manager.query(
      `update known_assets set status = $3, status_changed_at = greatest(status_changed_at, $4::timestamptz), updated_at = now()
        where tenant_id = $1 and asset_id = $2 and deleted_at is null and status <> $5::text
          and ($3::text = $5::text or status_changed_at is null or $4::timestamptz >= status_changed_at)`,
      [tenantId, assetId, status, at, DECOMMISSIONED],
    );
    return changed > 0;
  }

  /** Marks the asset deleted at `at` (a tombstone, created if the asset was never seen); the first deletion time stays. */
  async deleteAsset(manager: EntityManager, tenantId: string, asset: { assetId: string; tag: string; locationId: string | null }, at: Date): Promise<void> {
    await manager.query(
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids, deleted_at, updated_at)
       values ($1, $2, $3, '', $4, 'unspecified', '{}', $5, now())
       on conflict (tenant_id, asset_id) do update set deleted_at = coalesce(known_assets.deleted_at, excluded.deleted_at), updated_at = now()`,
      [tenantId, asset.assetId, asset.tag, asset.locationId, at],
    );
  }

  /** Inserts a location never seen before, timed by `at`; false when it is known already. */
  async insertLocation(manager: EntityManager, tenantId: string, location: LocationRow, at: Date | null): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids, name_changed_at, tree_changed_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $6, now())
       on conflict (tenant_id, location_id) do nothing
       returning location_id`,
      [tenantId, location.locationId, location.parentLocationId, location.name, location.ancestorIds, at],
    );
    return inserted.length > 0;
  }

  /** The name, when `at` is at least as new as the name held; whether it applied. */
  async renameLocation(manager: EntityManager, tenantId: string, location: LocationRow, at: Date | null): Promise<boolean> {
    const [, renamed]: UpdateResult = await manager.query(
      `update known_locations set name = $3, name_changed_at = coalesce($4::timestamptz, name_changed_at), updated_at = now()
        where tenant_id = $1 and location_id = $2 and deleted_at is null
          and (name_changed_at is null or $4::timestamptz >= name_changed_at)`,
      [tenantId, location.locationId, location.name, at],
    );
    return renamed > 0;
  }

  /** Parent and ancestors, when `at` is at least as new as the place held; whether it applied. */
  async placeLocation(manager: EntityManager, tenantId: string, location: LocationRow, at: Date | null): Promise<boolean> {
    const [, placed]: UpdateResult = await manager.query(
      `update known_locations
          set parent_location_id = $3, ancestor_ids = $4, tree_changed_at = coalesce($5::timestamptz, tree_changed_at), updated_at = now()
        where tenant_id = $1 and location_id = $2 and deleted_at is null
          and (tree_changed_at is null or $5::timestamptz >= tree_changed_at)`,
      [tenantId, location.locationId, location.parentLocationId, location.ancestorIds, at],
    );
    return placed > 0;
  }

  /**
   * The location's subtree follows its move to `ancestorIds`. Descendants placed more recently
   * (their own later move, or a later move of an ancestor in between) keep their ancestors.
   */
  async moveSubtree(manager: EntityManager, tenantId: string, locationId: string, ancestorIds: string[], at: Date | null): Promise<void> {
    await manager.query(
      `update known_locations
          set ancestor_ids = $3::uuid[] || $2::uuid || ancestor_ids[array_position(ancestor_ids, $2::uuid) + 1 :],
              tree_changed_at = greatest(tree_changed_at, $4::timestamptz), updated_at = now()
        where tenant_id = $1 and $2::uuid = any(ancestor_ids)
          and (tree_changed_at is null or $4::timestamptz >= tree_changed_at)`,
      [tenantId, locationId, ancestorIds, at],
    );
  }

  /** Marks the location deleted at `at` (a tombstone, created if never seen); the first deletion time stays. */
  async deleteLocation(
    manager: EntityManager,
    tenantId: string,
    location: { locationId: string; parentLocationId: string | null; name: string },
    at: Date,
  ): Promise<void> {
    await manager.query(
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids, deleted_at, updated_at)
       values ($1, $2, $3, $4, '{}', $5, now())
       on conflict (tenant_id, location_id) do update set deleted_at = coalesce(known_locations.deleted_at, excluded.deleted_at), updated_at = now()`,
      [tenantId, location.locationId, location.parentLocationId, location.name, at],
    );
  }
}
