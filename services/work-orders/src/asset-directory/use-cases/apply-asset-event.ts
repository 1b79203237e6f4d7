import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssetDirectoryRepository, DECOMMISSIONED, type AssetRow } from '../asset-directory.repository';

/**
 * What an asset event orders by its time: the register (tag, name, location: AssetCreated,
 * AssetUpdated) or the status (AssetStatusChanged, AssetDecommissioned). They are ordered apart:
 * a status change may be back-dated (`changed_at` is when it took effect) before an earlier
 * register edit.
 */
export type AssetEventKind = 'register' | 'status';

/**
 * Applies an asset event to the read model. For an asset not known yet the event's whole
 * description is taken, timed only for the part the event is about, so any later event about the
 * other part replaces it. For a known asset only the part the event is about changes, and only if
 * the event is at least as new as that part. Any event saying "decommissioned" decommissions (the
 * assets service never undoes it); nothing changes the status of a decommissioned asset.
 */
@Injectable()
export class ApplyAssetEvent {
  private readonly logger = new Logger(ApplyAssetEvent.name);

  constructor(@Inject(AssetDirectoryRepository) private readonly directory: AssetDirectoryRepository) {}

  /** Answers the asset's new location when the event placed it (work on it follows), else null. */
  async execute(manager: EntityManager, tenantId: string, asset: AssetRow, kind: AssetEventKind, at: Date | null): Promise<{ placedAt: string | null }> {
    const timed = { registerAt: kind === 'register' ? at : null, statusAt: kind === 'status' ? at : null };
    if (await this.directory.insertAsset(manager, tenantId, asset, timed)) return { placedAt: asset.locationId };

    let applied = false;
    let placedAt: string | null = null;
    if (kind === 'register') {
      applied = await this.directory.updateAssetRegister(manager, tenantId, asset, at);
      // Only an applied register change moves work: a stale one must not send it back.
      if (applied) placedAt = asset.locationId;
    }
    // A register event's status is a snapshot without a time of its own: it only ever
    // decommissions (terminal, so it cannot be stale), otherwise status events decide.
    if (kind === 'status' || asset.status === DECOMMISSIONED) {
      const statusApplied = await this.directory.updateAssetStatus(manager, tenantId, asset.assetId, asset.status, kind === 'status' ? at : null);
      applied ||= statusApplied;
    }
    if (!applied) {
      this.logger.log({ assetId: asset.assetId, kind, at }, 'asset event older than the read model (or the asset is decommissioned or deleted): ignored');
    }
    return { placedAt };
  }

  /** Work orders keep the asset id they were raised against (history); only new work is refused. */
  async deleted(manager: EntityManager, tenantId: string, asset: { assetId: string; tag: string; locationId: string | null }, at: Date): Promise<void> {
    await this.directory.deleteAsset(manager, tenantId, asset, at);
  }
}
