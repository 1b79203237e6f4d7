import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { WorkOrderException, WorkOrderExceptionCode } from '../work-orders/work-order.exception';
import { KnownAsset, KnownLocation } from './asset-directory.entities';

export const DECOMMISSIONED = 'decommissioned';

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
      const asset = await manager.findOneBy(KnownAsset, { tenantId, assetId: target.assetId, deletedAt: IsNull() });
      if (!asset) {
        throw new WorkOrderException(WorkOrderExceptionCode.UNKNOWN_ASSET, `${fields.asset}: the asset is not known`);
      }
      if (asset.status === DECOMMISSIONED) {
        throw new WorkOrderException(
          WorkOrderExceptionCode.ASSET_DECOMMISSIONED,
          `${fields.asset}: the asset is decommissioned and takes no new work`,
        );
      }
      locationId = locationId ?? asset.locationId;
    }
    if (target.locationId) {
      const known = await manager.existsBy(KnownLocation, { tenantId, locationId: target.locationId, deletedAt: IsNull() });
      if (!known) throw new WorkOrderException(WorkOrderExceptionCode.UNKNOWN_LOCATION, `${fields.location}: the location is not known`);
    }
    return { assetId: target.assetId ?? null, locationId };
  }

  /**
   * For generated work (PM): unknown assets are accepted (the read model may lag), decommissioned
   * and deleted ones are not.
   */
  async takesNoNewWork(manager: EntityManager, tenantId: string, assetId: string): Promise<boolean> {
    const asset = await manager.findOneBy(KnownAsset, { tenantId, assetId });
    return asset !== null && (asset.status === DECOMMISSIONED || asset.deletedAt !== null);
  }

  async locationOfAsset(manager: EntityManager, tenantId: string, assetId: string): Promise<string | null> {
    const asset = await manager.findOneBy(KnownAsset, { tenantId, assetId, deletedAt: IsNull() });
    return asset?.locationId ?? null;
  }
}
