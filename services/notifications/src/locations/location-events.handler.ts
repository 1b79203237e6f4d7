import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
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
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { OnEvent, type EventContext } from '@mate/messaging';
import { eventTime, optionalUuid, requireUuid } from '../alert-sources';
import { LocationTreeRepository } from './location-tree.repository';

type AssetPlaced = AssetCreated | AssetUpdated | AssetStatusChanged | AssetDecommissioned;

/**
 * The location tree and asset places (mate.assets.v1), kept for rules' location-subtree filter.
 * In the event's inbox transaction, so a redelivered event changes nothing; each row keeps the time
 * of the event that set it, so events of one location applied out of order cannot undo a later one.
 */
@Controller()
export class LocationEventsHandler {
  constructor(@Inject(LocationTreeRepository) private readonly tree: LocationTreeRepository) {}

  @OnEvent(LocationCreatedSchema)
  onCreated(@Payload() event: LocationCreated, @Ctx() ctx: EventContext): Promise<void> {
    return this.place(ctx, event.locationId, event.parentLocationId, event.createdAt);
  }

  @OnEvent(LocationUpdatedSchema)
  onUpdated(@Payload() event: LocationUpdated, @Ctx() ctx: EventContext): Promise<void> {
    return this.place(ctx, event.locationId, event.parentLocationId, event.updatedAt);
  }

  /** Only the moved location's row changes: its descendants reach their new ancestors through it. */
  @OnEvent(LocationMovedSchema)
  onMoved(@Payload() event: LocationMoved, @Ctx() ctx: EventContext): Promise<void> {
    return this.place(ctx, event.locationId, event.parentLocationId, event.movedAt);
  }

  @OnEvent(LocationDeletedSchema)
  onDeleted(@Payload() event: LocationDeleted, @Ctx() ctx: EventContext): Promise<void> {
    const locationId = requireUuid(event.locationId, 'location_id');
    return this.tree.applyLocation(ctx.manager, ctx.tenantId, { locationId, parentId: optionalUuid(event.parentId), deleted: true, at: eventTime(event.deletedAt, ctx) });
  }

  @OnEvent(AssetCreatedSchema)
  onAssetCreated(@Payload() event: AssetCreated, @Ctx() ctx: EventContext): Promise<void> {
    return this.asset(ctx, event, event.createdAt);
  }

  @OnEvent(AssetUpdatedSchema)
  onAssetUpdated(@Payload() event: AssetUpdated, @Ctx() ctx: EventContext): Promise<void> {
    return this.asset(ctx, event, event.updatedAt);
  }

  @OnEvent(AssetStatusChangedSchema)
  onAssetStatusChanged(@Payload() event: AssetStatusChanged, @Ctx() ctx: EventContext): Promise<void> {
    return this.asset(ctx, event, event.changedAt);
  }

  @OnEvent(AssetDecommissionedSchema)
  onAssetDecommissioned(@Payload() event: AssetDecommissioned, @Ctx() ctx: EventContext): Promise<void> {
    return this.asset(ctx, event, event.decommissionedAt);
  }

  @OnEvent(AssetDeletedSchema)
  onAssetDeleted(@Payload() event: AssetDeleted, @Ctx() ctx: EventContext): Promise<void> {
    return this.tree.applyAsset(ctx.manager, ctx.tenantId, { assetId: requireUuid(event.assetId, 'asset_id'), locationId: null, at: eventTime(event.deletedAt, ctx) });
  }

  private place(ctx: EventContext, locationId: string, parentId: string, at: Timestamp | undefined): Promise<void> {
    return this.tree.applyLocation(ctx.manager, ctx.tenantId, { locationId: requireUuid(locationId, 'location_id'), parentId: optionalUuid(parentId), deleted: false, at: eventTime(at, ctx) });
  }

  private asset(ctx: EventContext, event: AssetPlaced, at: Timestamp | undefined): Promise<void> {
    return this.tree.applyAsset(ctx.manager, ctx.tenantId, { assetId: requireUuid(event.assetId, 'asset_id'), locationId: optionalUuid(event.locationId), at: eventTime(at, ctx) });
  }
}
