import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssetDirectoryException, AssetDirectoryExceptionCode } from './asset-directory.exception';
import { AssetDirectoryRepository, DECOMMISSIONED } from './asset-directory.repository';

export interface WorkTarget {
  assetId: string | null;
  locationId: string | null;
}

/**
 * Answers questions about assets and locations from the local read model, which the assets
 * service's events keep current (this service never calls the assets service).
 */
@Injectable()
export class AssetDirectory {
  constructor(@Inject(AssetDirectoryRepository) private readonly directory: AssetDirectoryRepository) {}

  /**
   * The asset and location of new work: the asset must be known and not decommissioned, the
   * location known; without a location the asset's own is used.
   */
  async resolveForNewWork(
    manager: EntityManager,
    tenantId: string,
    target: { assetId?: string | null; locationId?: string | null },
    fields: { asset: string; location: string } = { asset: 'assetId', location: 'locationId' },
  ): Promise<WorkTarget> {
    let locationId = target.locationId ?? null;
    if (target.assetId) {
      const asset = await this.directory.asset(manager, tenantId, target.assetId);
      if (!asset) throw new AssetDirectoryException(AssetDirectoryExceptionCode.UNKNOWN_ASSET, fields.asset, 'the asset is not known');
      if (asset.status === DECOMMISSIONED) {
        throw new AssetDirectoryException(AssetDirectoryExceptionCode.ASSET_DECOMMISSIONED, fields.asset, 'the asset is decommissioned and takes no new work');
      }
      locationId = locationId ?? asset.locationId;
    }
    if (target.locationId && !(await this.directory.hasLocation(manager, tenantId, target.locationId))) {
      throw new AssetDirectoryException(AssetDirectoryExceptionCode.UNKNOWN_LOCATION, fields.location, 'the location is not known');
    }
    return { assetId: target.assetId ?? null, locationId };
  }

  /**
   * For generated work (PM): unknown assets are accepted (the read model may lag), decommissioned
   * and deleted ones are not.
   */
  async takesNoNewWork(manager: EntityManager, tenantId: string, assetId: string): Promise<boolean> {
    const asset = await this.directory.asset(manager, tenantId, assetId, { withDeleted: true });
    return asset !== null && (asset.status === DECOMMISSIONED || asset.deletedAt !== null);
  }

  async locationOfAsset(manager: EntityManager, tenantId: string, assetId: string): Promise<string | null> {
    return (await this.directory.asset(manager, tenantId, assetId))?.locationId ?? null;
  }
}
