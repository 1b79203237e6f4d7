import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  type AssetCreated,
  type AssetDecommissioned,
  type AssetDeleted,
  type AssetStatusChanged,
  type AssetUpdated,
} from '@mate/contracts';
import { EventContext, EventOutbox, OnEvent, PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { StreamRepository } from '../occurrences/stream.repository';
import { pmStreamPaused } from '../pm-plans/pm-plan.events';
import { PmPlanRepository } from '../pm-plans/pm-plan.repository';
import { PlanStreams } from '../streams/plan-streams';

function requiredUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new PermanentEventError(`${field} is not a uuid`);
  return value;
}

function eventTime(value: Timestamp | undefined): Date | null {
  if (!value) return null;
  const date = timestampDate(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The read model of assets (known_assets), fed by mate.assets.v1: what category targets match.
 * An event older than what the row holds changes nothing. Category plans follow: an asset that
 * now matches gets its stream, one that no longer does loses it. A decommissioned or deleted
 * asset's streams pause, each with PmStreamPaused.
 */
@Controller()
export class AssetEventsHandler {
  constructor(
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(PlanStreams) private readonly planStreams: PlanStreams,
  ) {}

  @OnEvent(AssetCreatedSchema)
  async onAssetCreated(@Payload() event: AssetCreated, @Ctx() ctx: EventContext): Promise<void> {
    await this.upsert(ctx, requiredUuid(event.assetId, 'asset_id'), event.category, event.locationPathIds, event.status, eventTime(event.createdAt));
  }

  @OnEvent(AssetUpdatedSchema)
  async onAssetUpdated(@Payload() event: AssetUpdated, @Ctx() ctx: EventContext): Promise<void> {
    // AssetUpdated carries no category: the one from AssetCreated stays.
    await this.upsert(ctx, requiredUuid(event.assetId, 'asset_id'), null, event.locationPathIds, event.status, eventTime(event.updatedAt));
  }

  @OnEvent(AssetStatusChangedSchema)
  async onAssetStatusChanged(@Payload() event: AssetStatusChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.upsert(ctx, requiredUuid(event.assetId, 'asset_id'), null, event.locationPathIds, event.status, eventTime(event.changedAt));
  }

  @OnEvent(AssetDecommissionedSchema)
  async onAssetDecommissioned(@Payload() event: AssetDecommissioned, @Ctx() ctx: EventContext): Promise<void> {
    const assetId = requiredUuid(event.assetId, 'asset_id');
    // Paused first: a paused stream stays when category plans let go of the asset.
    await this.pauseStreams(ctx, assetId, 'asset_decommissioned');
    await this.upsert(ctx, assetId, null, event.locationPathIds, AssetStatus.DECOMMISSIONED, eventTime(event.decommissionedAt));
  }

  @OnEvent(AssetDeletedSchema)
  async onAssetDeleted(@Payload() event: AssetDeleted, @Ctx() ctx: EventContext): Promise<void> {
    const assetId = requiredUuid(event.assetId, 'asset_id');
    await ctx.manager.query(
      `insert into known_assets (tenant_id, asset_id, status, deleted_at) values ($1, $2, 'deleted', coalesce($3::timestamptz, now()))
       on conflict (tenant_id, asset_id) do update set deleted_at = coalesce(known_assets.deleted_at, excluded.deleted_at)`,
      [ctx.tenantId, assetId, eventTime(event.deletedAt)],
    );
    await this.pauseStreams(ctx, assetId, 'asset_deleted');
  }

  private async upsert(ctx: EventContext, assetId: string, category: string | null, locationPathIds: string[], status: AssetStatus, at: Date | null): Promise<void> {
    const path = locationPathIds.map((id, index) => requiredUuid(id, `location_path_ids[${index}]`));
    const statusName = (AssetStatus[status] ?? 'UNSPECIFIED').toLowerCase();
    // Decommissioning and deletion are terminal; otherwise the newer event wins.
    await ctx.manager.query(
      `insert into known_assets (tenant_id, asset_id, category, location_path_ids, status, changed_at)
       values ($1, $2, coalesce($3, ''), $4, $5, $6)
       on conflict (tenant_id, asset_id) do update
         set category = coalesce($3, known_assets.category),
             location_path_ids = excluded.location_path_ids,
             status = case when known_assets.status = 'decommissioned' then known_assets.status else excluded.status end,
             changed_at = greatest(known_assets.changed_at, excluded.changed_at)
       where known_assets.deleted_at is null
         and (known_assets.changed_at is null or excluded.changed_at is null or excluded.changed_at >= known_assets.changed_at)`,
      [ctx.tenantId, assetId, category, path, statusName, at],
    );
    await this.followCategoryPlans(ctx);
  }

  /** Category plans take in assets that now match and let go of those that no longer do. */
  private async followCategoryPlans(ctx: EventContext): Promise<void> {
    const plans = await this.plans.findCategoryPlans(ctx.manager, ctx.tenantId);
    if (plans.length === 0) return;
    const scheduled = await this.plans.scheduledPlans(ctx.manager, ctx.tenantId, plans.map((plan) => plan.id));
    const now = new Date();
    for (const { plan, definition } of scheduled.values()) await this.planStreams.sync(ctx.manager, plan, definition, now);
  }

  private async pauseStreams(ctx: EventContext, assetId: string, reason: 'asset_decommissioned' | 'asset_deleted'): Promise<void> {
    const planIds = await this.streams.pauseForAsset(ctx.manager, ctx.tenantId, assetId, reason);
    await this.outbox.append(ctx.manager, planIds.map((planId) => pmStreamPaused(ctx.tenantId, planId, assetId, reason)));
  }
}
