import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
  type AssetCreated,
  type AssetDecommissioned,
  type AssetDeleted,
  type AssetStatusChanged,
  type AssetUpdated,
  type LocationCreated,
  type LocationDeleted,
  type LocationMoved,
  type LocationUpdated,
} from '@mate/contracts';
import { EventContext, OnEvent } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApplyAssetEvent, ApplyLocationEvent, type AssetEventKind } from '../asset-directory';
import { FollowAssetMove } from '../work-orders/use-cases/follow-asset-move';
import { assetRowOf, locationRowOf, requiredUuid, sourceTime, uuidOrNull } from './asset-event-fields';

/**
 * The assets service's events (mate.assets.v1): they keep the local read model of assets and
 * locations current (asset-directory), and active work follows its asset when it moves
 * (work-orders' FollowAssetMove). An event for an asset or location never seen before creates its
 * row. An event older than what the row holds (a dead letter replayed late, a redelivery) changes
 * nothing. Decommissioning is terminal: no event brings the asset back. So is deletion: the row
 * stays as a tombstone that no later event changes and new work does not see. A malformed event
 * is refused with PermanentEventError (dead-lettered at once).
 */
@Controller()
export class AssetEventsHandler {
  constructor(
    @Inject(ApplyAssetEvent) private readonly assets: ApplyAssetEvent,
    @Inject(ApplyLocationEvent) private readonly locations: ApplyLocationEvent,
    @Inject(FollowAssetMove) private readonly followAssetMove: FollowAssetMove,
  ) {}

  @OnEvent(AssetCreatedSchema)
  onAssetCreated(@Payload() event: AssetCreated, @Ctx() ctx: EventContext): Promise<void> {
    return this.applyAsset(event, 'register', sourceTime(event.createdAt, 'created_at'), ctx);
  }

  @OnEvent(AssetUpdatedSchema)
  onAssetUpdated(@Payload() event: AssetUpdated, @Ctx() ctx: EventContext): Promise<void> {
    return this.applyAsset(event, 'register', sourceTime(event.updatedAt, 'updated_at'), ctx);
  }

  @OnEvent(AssetStatusChangedSchema)
  onAssetStatusChanged(@Payload() event: AssetStatusChanged, @Ctx() ctx: EventContext): Promise<void> {
    return this.applyAsset(event, 'status', sourceTime(event.changedAt, 'changed_at'), ctx);
  }

  @OnEvent(AssetDecommissionedSchema)
  onAssetDecommissioned(@Payload() event: AssetDecommissioned, @Ctx() ctx: EventContext): Promise<void> {
    return this.applyAsset({ ...event, status: AssetStatus.DECOMMISSIONED }, 'status', sourceTime(event.decommissionedAt, 'decommissioned_at'), ctx);
  }

  @OnEvent(AssetDeletedSchema)
  async onAssetDeleted(@Payload() event: AssetDeleted, @Ctx() ctx: EventContext): Promise<void> {
    const asset = { assetId: requiredUuid(event.assetId, 'asset_id'), tag: event.tag, locationId: uuidOrNull(event.locationId, 'location_id') };
    await this.assets.deleted(ctx.manager, ctx.tenantId, asset, sourceTime(event.deletedAt, 'deleted_at') ?? new Date());
  }

  @OnEvent(LocationCreatedSchema)
  async onLocationCreated(@Payload() event: LocationCreated, @Ctx() ctx: EventContext): Promise<void> {
    await this.locations.execute(ctx.manager, ctx.tenantId, locationRowOf(event), sourceTime(event.createdAt, 'created_at'));
  }

  @OnEvent(LocationUpdatedSchema)
  async onLocationUpdated(@Payload() event: LocationUpdated, @Ctx() ctx: EventContext): Promise<void> {
    await this.locations.execute(ctx.manager, ctx.tenantId, locationRowOf(event), sourceTime(event.updatedAt, 'updated_at'));
  }

  @OnEvent(LocationMovedSchema)
  async onLocationMoved(@Payload() event: LocationMoved, @Ctx() ctx: EventContext): Promise<void> {
    await this.locations.moved(ctx.manager, ctx.tenantId, locationRowOf(event), sourceTime(event.movedAt, 'moved_at'));
  }

  @OnEvent(LocationDeletedSchema)
  async onLocationDeleted(@Payload() event: LocationDeleted, @Ctx() ctx: EventContext): Promise<void> {
    const location = { locationId: requiredUuid(event.locationId, 'location_id'), parentLocationId: uuidOrNull(event.parentId, 'parent_id'), name: event.name };
    await this.locations.deleted(ctx.manager, ctx.tenantId, location, sourceTime(event.deletedAt, 'deleted_at') ?? new Date());
  }

  private async applyAsset(event: Parameters<typeof assetRowOf>[0], kind: AssetEventKind, at: Date | null, ctx: EventContext): Promise<void> {
    const asset = assetRowOf(event);
    const { placedAt } = await this.assets.execute(ctx.manager, ctx.tenantId, asset, kind, at);
    if (placedAt) await this.followAssetMove.execute(ctx.manager, ctx.tenantId, asset.assetId, placedAt);
  }
}
