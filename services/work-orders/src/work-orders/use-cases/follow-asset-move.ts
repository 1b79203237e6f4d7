import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkOrderChanges } from '../work-order.changes';
import { WorkOrderRepository } from '../work-order.repository';

/** Who moves work when its asset moves: the service itself, following the assets service. */
const SYSTEM_ACTOR = 'system';

/** Active work on an asset that moved follows it to its new location (an update like any other). */
@Injectable()
export class FollowAssetMove {
  private readonly logger = new Logger(FollowAssetMove.name);

  constructor(
    @Inject(WorkOrderRepository) private readonly workOrders: WorkOrderRepository,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
  ) {}

  async execute(manager: EntityManager, tenantId: string, assetId: string, locationId: string): Promise<void> {
    const moved = await this.workOrders.lockActiveOnAssetElsewhere(manager, tenantId, assetId, locationId);
    if (moved.length === 0) return;
    const updates = moved.map((workOrder) => {
      const changes = { locationId: { from: workOrder.locationId, to: locationId } };
      workOrder.locationId = locationId;
      return { workOrder, changes };
    });
    await this.changes.updated(manager, updates, SYSTEM_ACTOR);
    this.logger.log({ assetId, workOrders: moved.length }, 'active work orders followed their asset to a new location');
  }
}
