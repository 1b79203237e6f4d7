import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Deeper than any real site, area, line, cell hierarchy: a guard against a cycle left by reordered moves. */
const MAX_DEPTH = 64;

/**
 * The location tree learnt from mate.assets.v1, in the event's inbox transaction. Each location
 * keeps only its parent (a move changes one row, whatever the size of its subtree, and events of
 * different locations may arrive in any order); an ancestry is walked when an alert is routed.
 */
@Injectable()
export class LocationTreeRepository {
  /** Sets a location's parent (or tombstone) unless a later event already did. */
  async applyLocation(manager: EntityManager, tenantId: string, change: { locationId: string; parentId: string | null; deleted: boolean; at: Date }): Promise<void> {
    await manager.query(
      `insert into known_locations (tenant_id, location_id, parent_id, deleted, changed_at) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, location_id) do update set parent_id = excluded.parent_id, deleted = excluded.deleted, changed_at = excluded.changed_at
       where known_locations.changed_at <= excluded.changed_at and not (known_locations.deleted and not excluded.deleted)`,
      [tenantId, change.locationId, change.parentId, change.deleted, change.at],
    );
  }

  /** Sets where an asset is (null: deleted) unless a later event already did. */
  async applyAsset(manager: EntityManager, tenantId: string, change: { assetId: string; locationId: string | null; at: Date }): Promise<void> {
    await manager.query(
      `insert into known_asset_locations (tenant_id, asset_id, location_id, changed_at) values ($1, $2, $3, $4)
       on conflict (tenant_id, asset_id) do update set location_id = excluded.location_id, changed_at = excluded.changed_at
       where known_asset_locations.changed_at <= excluded.changed_at`,
      [tenantId, change.assetId, change.locationId, change.at],
    );
  }

  /**
   * The location and its ancestors, itself first (null: no location known). An asset's place is
   * its location's. A location not (yet) learnt is its own path: a rule filtered to it still matches.
   */
  async pathOf(manager: EntityManager, tenantId: string, place: { locationId: string | null; assetId: string | null }): Promise<string[] | null> {
    const locationId = place.locationId ?? (place.assetId ? await this.locationOfAsset(manager, tenantId, place.assetId) : null);
    if (!locationId) return null;
    const rows: Array<{ location_id: string }> = await manager.query(
      `with recursive path (location_id, parent_id, depth) as (
         select location_id, parent_id, 0 from known_locations where tenant_id = $1 and location_id = $2
         union all
         select parent.location_id, parent.parent_id, path.depth + 1
           from path join known_locations parent on parent.tenant_id = $1 and parent.location_id = path.parent_id
          where path.depth < $3
       )
       select location_id from path order by depth`,
      [tenantId, locationId, MAX_DEPTH],
    );
    return rows.length > 0 ? rows.map((row) => row.location_id) : [locationId];
  }

  private async locationOfAsset(manager: EntityManager, tenantId: string, assetId: string): Promise<string | null> {
    const rows: Array<{ location_id: string | null }> = await manager.query(`select location_id from known_asset_locations where tenant_id = $1 and asset_id = $2`, [tenantId, assetId]);
    return rows[0]?.location_id ?? null;
  }
}
