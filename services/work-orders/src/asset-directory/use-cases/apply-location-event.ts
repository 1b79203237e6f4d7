import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssetDirectoryRepository, type LocationRow } from '../asset-directory.repository';

/**
 * Applies a location event to the read model: its name if the event is at least as new as the name
 * held, its parent and ancestors if it is at least as new as their time (which an ancestor's move
 * also sets). A move also re-places the location's subtree.
 */
@Injectable()
export class ApplyLocationEvent {
  private readonly logger = new Logger(ApplyLocationEvent.name);

  constructor(@Inject(AssetDirectoryRepository) private readonly directory: AssetDirectoryRepository) {}

  /** Answers whether the location's place in the tree was taken from the event. */
  async execute(manager: EntityManager, tenantId: string, location: LocationRow, at: Date | null): Promise<boolean> {
    if (await this.directory.insertLocation(manager, tenantId, location, at)) return true;
    const renamed = await this.directory.renameLocation(manager, tenantId, location, at);
    const placed = await this.directory.placeLocation(manager, tenantId, location, at);
    if (!renamed && !placed) {
      this.logger.log({ locationId: location.locationId, at }, 'location event older than the read model (or the location is deleted): ignored');
    }
    return placed;
  }

  /** A move changes the ancestors of the location and of its whole subtree. */
  async moved(manager: EntityManager, tenantId: string, location: LocationRow, at: Date | null): Promise<void> {
    // A move older than the location's place in the tree is not applied to its subtree either.
    if (!(await this.execute(manager, tenantId, location, at))) return;
    await this.directory.moveSubtree(manager, tenantId, location.locationId, location.ancestorIds, at);
  }

  async deleted(manager: EntityManager, tenantId: string, location: Omit<LocationRow, 'ancestorIds'>, at: Date): Promise<void> {
    await this.directory.deleteLocation(manager, tenantId, location, at);
  }
}
