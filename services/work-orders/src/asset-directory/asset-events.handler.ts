import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  LocationCreatedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
  type AssetCreated,
  type AssetDecommissioned,
  type AssetStatusChanged,
  type AssetUpdated,
  type LocationCreated,
  type LocationMoved,
  type LocationUpdated,
} from '@mate/contracts';
import { EventContext, EventOutbox, PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WorkOrder } from '../work-orders/work-order.entity';
import { ACTIVE_STATUSES } from '../work-orders/work-order.model';
import { updatedEvent } from '../work-orders/work-order-events';
import { recordHistory } from '../work-orders/work-order-history.entity';
import { In } from 'typeorm';

type AssetDescription = Pick<AssetCreated, 'assetId' | 'tag' | 'name' | 'locationId' | 'status' | 'locationPathIds'>;

function uuidOrNull(value: string, field: string): string | null {
  if (value === '') return null;
  if (!isUuid(value)) throw new PermanentEventError(`${field} is not a uuid`);
  return value;
}

function uuids(values: readonly string[], field: string): string[] {
  return values.map((value) => {
    if (!isUuid(value)) throw new PermanentEventError(`${field} holds a value that is not a uuid`);
    return value;
  });
}

export function assetStatusName(status: AssetStatus): string {
  return (AssetStatus[status] ?? 'UNSPECIFIED').toLowerCase();
}

/**
 * Keeps the local read model of assets and locations current from the assets service's events
 * (mate.assets.v1). Upserts, so a replay or an event for an asset never seen before both work.
 */
@Controller()
export class AssetEventsHandler {
  private readonly logger = new Logger(AssetEventsHandler.name);

  constructor(@Inject(EventOutbox) private readonly outbox: EventOutbox) {}

  @EventPattern(AssetCreatedSchema.typeName)
  onAssetCreated(@Payload() event: AssetCreated, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertAsset(event, ctx);
  }

  @EventPattern(AssetUpdatedSchema.typeName)
  onAssetUpdated(@Payload() event: AssetUpdated, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertAsset(event, ctx);
  }

  @EventPattern(AssetStatusChangedSchema.typeName)
  onAssetStatusChanged(@Payload() event: AssetStatusChanged, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertAsset(event, ctx);
  }

  @EventPattern(AssetDecommissionedSchema.typeName)
  onAssetDecommissioned(@Payload() event: AssetDecommissioned, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertAsset({ ...event, status: AssetStatus.DECOMMISSIONED }, ctx);
  }

  @EventPattern(LocationCreatedSchema.typeName)
  onLocationCreated(@Payload() event: LocationCreated, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertLocation(event, ctx);
  }

  @EventPattern(LocationUpdatedSchema.typeName)
  onLocationUpdated(@Payload() event: LocationUpdated, @Ctx() ctx: EventContext): Promise<void> {
    return this.upsertLocation(event, ctx);
  }

  /** A move changes the ancestors of the location and of its whole subtree. */
  @EventPattern(LocationMovedSchema.typeName)
  async onLocationMoved(@Payload() event: LocationMoved, @Ctx() ctx: EventContext): Promise<void> {
    await this.upsertLocation(event, ctx);
    const ancestors = uuids(event.ancestorIds, 'ancestor_ids');
    await ctx.manager.query(
      `update known_locations
          set ancestor_ids = $3::uuid[] || $2::uuid || ancestor_ids[array_position(ancestor_ids, $2::uuid) + 1 :],
              updated_at = now()
        where tenant_id = $1 and $2::uuid = any(ancestor_ids)`,
      [ctx.tenantId, event.locationId, ancestors],
    );
  }

  private async upsertLocation(event: Pick<LocationCreated, 'locationId' | 'parentLocationId' | 'name' | 'ancestorIds'>, ctx: EventContext): Promise<void> {
    const locationId = uuidOrNull(event.locationId, 'location_id');
    if (!locationId) throw new PermanentEventError('location_id is empty');
    await ctx.manager.query(
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids, updated_at)
       values ($1, $2, $3, $4, $5, now())
       on conflict (tenant_id, location_id) do update
         set parent_location_id = excluded.parent_location_id, name = excluded.name,
             ancestor_ids = excluded.ancestor_ids, updated_at = now()`,
      [ctx.tenantId, locationId, uuidOrNull(event.parentLocationId, 'parent_location_id'), event.name, uuids(event.ancestorIds, 'ancestor_ids')],
    );
  }

  private async upsertAsset(event: AssetDescription, ctx: EventContext): Promise<void> {
    const assetId = uuidOrNull(event.assetId, 'asset_id');
    if (!assetId) throw new PermanentEventError('asset_id is empty');
    const locationId = uuidOrNull(event.locationId, 'location_id');
    await ctx.manager.query(
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, now())
       on conflict (tenant_id, asset_id) do update
         set tag = excluded.tag, name = excluded.name, location_id = excluded.location_id,
             status = excluded.status, location_path_ids = excluded.location_path_ids, updated_at = now()`,
      [ctx.tenantId, assetId, event.tag, event.name, locationId, assetStatusName(event.status), uuids(event.locationPathIds, 'location_path_ids')],
    );
    if (locationId) await this.followAssetMove(ctx, assetId, locationId);
  }

  /** Active work on an asset that moved follows it to its new location. */
  private async followAssetMove(ctx: EventContext, assetId: string, locationId: string): Promise<void> {
    const { manager, tenantId } = ctx;
    const moved = await manager
      .createQueryBuilder(WorkOrder, 'wo')
      .setLock('pessimistic_write')
      .where('wo.tenant_id = :tenantId and wo.asset_id = :assetId', { tenantId, assetId })
      .andWhere({ status: In([...ACTIVE_STATUSES]) })
      .andWhere('wo.location_id is distinct from :locationId', { locationId })
      .getMany();
    if (moved.length === 0) return;
    const now = new Date();
    for (const workOrder of moved) {
      const previous = workOrder.locationId;
      workOrder.locationId = locationId;
      workOrder.version += 1;
      workOrder.updatedAt = now;
      await manager.update(WorkOrder, { id: workOrder.id, tenantId }, { locationId, version: workOrder.version, updatedAt: now });
      await recordHistory(manager, [{
        tenantId,
        workOrderId: workOrder.id,
        kind: 'updated',
        changes: { locationId: { from: previous, to: locationId } },
        actor: 'system',
        at: now,
      }]);
    }
    await this.outbox.append(manager, moved.map((workOrder) => updatedEvent(workOrder, ['locationId'], 'system')));
    this.logger.log({ assetId, workOrders: moved.length }, 'active work orders followed their asset to a new location');
  }
}
