import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  DowntimeClosedSchema,
  DowntimeKind,
  DowntimeOpenedSchema,
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
  MeterReadingRecordedSchema,
  PartBelowReorderPointSchema,
  PartStockChangedSchema,
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
  topicSpecFor,
  type AssetCreated,
  type AssetDecommissioned,
  type AssetDeleted,
  type AssetUpdated,
  type DowntimeClosed,
  type DowntimeOpened,
  type LocationCreated,
  type LocationDeleted,
  type LocationMoved,
  type LocationUpdated,
} from '@mate/contracts';
import { EventContext, OnEvent, subscribe } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { criticalityName } from './event-enums';
import { optionalTime, optionalUuidField, timeField, uuidField } from './event-fields';
import { Projection } from './projection';
import { FactWriter } from './fact-writer';

const pathOf = (ids: readonly string[]): string[] => ids.map((id, index) => uuidField(id, `location_path_ids[${index}]`));

/**
 * The assets service's events (mate.assets.v1) → asset_facts (location path, category,
 * criticality, time in service), downtime_facts (stop → restored, planned or not) and
 * location_facts (the tree a location filter takes the subtree of).
 */
@Controller()
export class AssetFactsHandler {
  constructor(@Inject(Projection) private readonly projection: Projection) {}

  @OnEvent(AssetCreatedSchema)
  async onAssetCreated(@Payload() event: AssetCreated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertAsset(ctx.manager, ctx.tenantId, {
      assetId: uuidField(event.assetId, 'asset_id'),
      locationId: optionalUuidField(event.locationId, 'location_id'),
      locationPathIds: pathOf(event.locationPathIds),
      category: event.category || null,
      criticality: criticalityName(event.criticality),
      at: optionalTime(event.createdAt) ?? new Date(ctx.envelope.time),
    });
  }

  @OnEvent(AssetUpdatedSchema)
  async onAssetUpdated(@Payload() event: AssetUpdated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertAsset(ctx.manager, ctx.tenantId, {
      assetId: uuidField(event.assetId, 'asset_id'),
      locationId: optionalUuidField(event.locationId, 'location_id'),
      locationPathIds: pathOf(event.locationPathIds),
      criticality: criticalityName(event.criticality),
      at: optionalTime(event.updatedAt) ?? new Date(ctx.envelope.time),
    });
  }

  @OnEvent(AssetDecommissionedSchema)
  async onAssetDecommissioned(@Payload() event: AssetDecommissioned, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.endService(ctx.manager, ctx.tenantId, uuidField(event.assetId, 'asset_id'), timeField(event.decommissionedAt, 'decommissioned_at'));
  }

  @OnEvent(AssetDeletedSchema)
  async onAssetDeleted(@Payload() event: AssetDeleted, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.endService(ctx.manager, ctx.tenantId, uuidField(event.assetId, 'asset_id'), timeField(event.deletedAt, 'deleted_at'));
  }

  @OnEvent(DowntimeOpenedSchema)
  async onDowntimeOpened(@Payload() event: DowntimeOpened, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertDowntime(ctx.manager, ctx.tenantId, {
      downtimeId: uuidField(event.downtimeId, 'downtime_id'),
      assetId: uuidField(event.assetId, 'asset_id'),
      workOrderId: optionalUuidField(event.workOrderId, 'work_order_id'),
      startedAt: timeField(event.startedAt, 'started_at'),
      endedAt: null,
      planned: event.kind === DowntimeKind.PLANNED,
    });
  }

  @OnEvent(DowntimeClosedSchema)
  async onDowntimeClosed(@Payload() event: DowntimeClosed, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.upsertDowntime(ctx.manager, ctx.tenantId, {
      downtimeId: uuidField(event.downtimeId, 'downtime_id'),
      assetId: uuidField(event.assetId, 'asset_id'),
      workOrderId: optionalUuidField(event.workOrderId, 'work_order_id'),
      startedAt: timeField(event.startedAt, 'started_at'),
      endedAt: timeField(event.endedAt, 'ended_at'),
      planned: event.kind === DowntimeKind.PLANNED,
    });
  }

  @OnEvent(LocationCreatedSchema)
  async onLocationCreated(@Payload() event: LocationCreated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.placeLocation(event, ctx);
  }

  @OnEvent(LocationUpdatedSchema)
  async onLocationUpdated(@Payload() event: LocationUpdated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.placeLocation(event, ctx);
  }

  @OnEvent(LocationMovedSchema)
  async onLocationMoved(@Payload() event: LocationMoved, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.placeLocation(event, ctx);
  }

  @OnEvent(LocationDeletedSchema)
  async onLocationDeleted(@Payload() event: LocationDeleted, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await FactWriter.deleteLocation(ctx.manager, ctx.tenantId, uuidField(event.locationId, 'location_id'), timeField(event.deletedAt, 'deleted_at'));
  }

  private async placeLocation(event: { locationId: string; parentLocationId: string }, ctx: EventContext): Promise<void> {
    await FactWriter.upsertLocation(
      ctx.manager,
      ctx.tenantId,
      uuidField(event.locationId, 'location_id'),
      optionalUuidField(event.parentLocationId, 'parent_location_id'),
    );
  }
}

const NOT_A_KPI_INPUT = 'no KPI reads it yet';

/** What reporting consumes from mate.assets.v1. */
export const ASSET_EVENTS = subscribe(topicSpecFor('assets'), {
  handlers: [AssetFactsHandler],
  ignored: [
    { schema: AssetStatusChangedSchema, reason: 'downtime comes as DowntimeOpened/DowntimeClosed, with its kind' },
    { schema: MeterReadingRecordedSchema, reason: NOT_A_KPI_INPUT },
    { schema: PartStockChangedSchema, reason: NOT_A_KPI_INPUT },
    { schema: PartBelowReorderPointSchema, reason: NOT_A_KPI_INPUT },
    { schema: PurchaseOrderCreatedSchema, reason: NOT_A_KPI_INPUT },
    { schema: PurchaseOrderReceivedSchema, reason: NOT_A_KPI_INPUT },
    { schema: PurchaseOrderStatusChangedSchema, reason: NOT_A_KPI_INPUT },
  ],
});
