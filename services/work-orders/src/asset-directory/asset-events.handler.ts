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
import { EventContext, EventOutbox, OnEvent, PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { DECOMMISSIONED } from './asset-directory.service';
import { WorkOrder } from '../work-orders/work-order.entity';
import { ACTIVE_STATUSES } from '../work-orders/work-order.model';
import { updatedEvent } from '../work-orders/work-order-events';
import { recordHistory } from '../work-orders/work-order-history.entity';
import { In } from 'typeorm';

type AssetDescription = Pick<AssetCreated, 'assetId' | 'tag' | 'name' | 'locationId' | 'status' | 'locationPathIds'>;
type LocationDescription = Pick<LocationCreated, 'locationId' | 'parentLocationId' | 'name' | 'ancestorIds'>;

/**
 * What an asset event orders by its time: the register (tag, name, location: AssetCreated,
 * AssetUpdated) or the status (AssetStatusChanged, AssetDecommissioned). They are ordered apart:
 * a status change may be back-dated (`changed_at` is when it took effect) before an earlier
 * register edit.
 */
type AssetEventKind = 'register' | 'status';

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

/**
 * The assets service's time of an event, or null when the producer left it unset: such an event
 * cannot be shown to be newer, so it only fills in what is not known yet.
 */
function sourceTime(value: Timestamp | undefined, field: string): Date | null {
  if (!value) return null;
  const date = timestampDate(value);
  if (Number.isNaN(date.getTime())) throw new PermanentEventError(`${field} is not a valid time`);
  return date;
}

export function assetStatusName(status: AssetStatus): string {
  return (AssetStatus[status] ?? 'UNSPECIFIED').toLowerCase();
}

/**
 * Keeps the local read model of assets and locations current from the assets service's events
 * (mate.assets.v1). An event for an asset or location never seen before creates its row. An event
 * older than what the row holds (a dead letter replayed late, a redelivery) changes nothing: each
 * part of a row keeps the assets service's time of the event it came from, and only an event at
 * least as new replaces it. Decommissioning is terminal: no event brings the asset back. So is
 * deletion: the row stays as a tombstone that no later event changes and new work does not see.
 */
@Controller()
export class AssetEventsHandler {
  private readonly logger = new Logger(AssetEventsHandler.name);

  constructor(@Inject(EventOutbox) private readonly outbox: EventOutbox) {}

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
    const assetId = uuidOrNull(event.assetId, 'asset_id');
    if (!assetId) throw new PermanentEventError('asset_id is empty');
    const at = sourceTime(event.deletedAt, 'deleted_at') ?? new Date();
    // Work orders keep the asset id they were raised against (history); only new work is refused.
    await ctx.manager.query(
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids, deleted_at, updated_at)
       values ($1, $2, $3, '', $4, 'unspecified', '{}', $5, now())
       on conflict (tenant_id, asset_id) do update set deleted_at = coalesce(known_assets.deleted_at, excluded.deleted_at), updated_at = now()`,
      [ctx.tenantId, assetId, event.tag, uuidOrNull(event.locationId, 'location_id'), at],
    );
  }

  @OnEvent(LocationCreatedSchema)
  async onLocationCreated(@Payload() event: LocationCreated, @Ctx() ctx: EventContext): Promise<void> {
    await this.applyLocation(event, sourceTime(event.createdAt, 'created_at'), ctx);
  }

  @OnEvent(LocationUpdatedSchema)
  async onLocationUpdated(@Payload() event: LocationUpdated, @Ctx() ctx: EventContext): Promise<void> {
    await this.applyLocation(event, sourceTime(event.updatedAt, 'updated_at'), ctx);
  }

  @OnEvent(LocationDeletedSchema)
  async onLocationDeleted(@Payload() event: LocationDeleted, @Ctx() ctx: EventContext): Promise<void> {
    const locationId = uuidOrNull(event.locationId, 'location_id');
    if (!locationId) throw new PermanentEventError('location_id is empty');
    const at = sourceTime(event.deletedAt, 'deleted_at') ?? new Date();
    await ctx.manager.query(
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids, deleted_at, updated_at)
       values ($1, $2, $3, $4, '{}', $5, now())
       on conflict (tenant_id, location_id) do update set deleted_at = coalesce(known_locations.deleted_at, excluded.deleted_at), updated_at = now()`,
      [ctx.tenantId, locationId, uuidOrNull(event.parentId, 'parent_id'), event.name, at],
    );
  }

  /** A move changes the ancestors of the location and of its whole subtree. */
  @OnEvent(LocationMovedSchema)
  async onLocationMoved(@Payload() event: LocationMoved, @Ctx() ctx: EventContext): Promise<void> {
    const at = sourceTime(event.movedAt, 'moved_at');
    // A move older than the location's place in the tree is not applied to its subtree either.
    if (!(await this.applyLocation(event, at, ctx))) return;
    const ancestors = uuids(event.ancestorIds, 'ancestor_ids');
    // Descendants placed more recently (their own later move, or a later move of an ancestor in
    // between) keep their ancestors.
    await ctx.manager.query(
      `update known_locations
          set ancestor_ids = $3::uuid[] || $2::uuid || ancestor_ids[array_position(ancestor_ids, $2::uuid) + 1 :],
              tree_changed_at = greatest(tree_changed_at, $4::timestamptz), updated_at = now()
        where tenant_id = $1 and $2::uuid = any(ancestor_ids)
          and (tree_changed_at is null or $4::timestamptz >= tree_changed_at)`,
      [ctx.tenantId, event.locationId, ancestors, at],
    );
  }

  /**
   * Applies a location's own event: its name if the event is at least as new as the name held,
   * its parent and ancestors if it is at least as new as their time (which an ancestor's move
   * also sets). Answers whether the location's place in the tree was taken from the event.
   */
  private async applyLocation(event: LocationDescription, at: Date | null, ctx: EventContext): Promise<boolean> {
    const { manager, tenantId } = ctx;
    const locationId = uuidOrNull(event.locationId, 'location_id');
    if (!locationId) throw new PermanentEventError('location_id is empty');
    const parentId = uuidOrNull(event.parentLocationId, 'parent_location_id');
    const ancestors = uuids(event.ancestorIds, 'ancestor_ids');
    const inserted: unknown[] = await manager.query(
      `insert into known_locations (tenant_id, location_id, parent_location_id, name, ancestor_ids, name_changed_at, tree_changed_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $6, now())
       on conflict (tenant_id, location_id) do nothing
       returning location_id`,
      [tenantId, locationId, parentId, event.name, ancestors, at],
    );
    if (inserted.length > 0) return true;
    // An UPDATE through manager.query answers [rows, rowCount].
    const [, renamed]: [unknown[], number] = await manager.query(
      `update known_locations set name = $3, name_changed_at = coalesce($4::timestamptz, name_changed_at), updated_at = now()
        where tenant_id = $1 and location_id = $2 and deleted_at is null
          and (name_changed_at is null or $4::timestamptz >= name_changed_at)`,
      [tenantId, locationId, event.name, at],
    );
    const [, placed]: [unknown[], number] = await manager.query(
      `update known_locations
          set parent_location_id = $3, ancestor_ids = $4, tree_changed_at = coalesce($5::timestamptz, tree_changed_at), updated_at = now()
        where tenant_id = $1 and location_id = $2 and deleted_at is null
          and (tree_changed_at is null or $5::timestamptz >= tree_changed_at)`,
      [tenantId, locationId, parentId, ancestors, at],
    );
    if (renamed === 0 && placed === 0) this.logger.log({ locationId, at }, 'location event older than the read model (or the location is deleted): ignored');
    return placed > 0;
  }

  /**
   * Applies an asset event. For an asset not known yet the event's whole description is taken,
   * timed only for the part the event is about, so any later event about the other part replaces
   * it. For a known asset only the part the event is about changes, and only if the event is at
   * least as new as that part. Any event saying "decommissioned" decommissions (the assets
   * service never undoes it); nothing changes the status of a decommissioned asset.
   */
  private async applyAsset(event: AssetDescription, kind: AssetEventKind, at: Date | null, ctx: EventContext): Promise<void> {
    const { manager, tenantId } = ctx;
    const assetId = uuidOrNull(event.assetId, 'asset_id');
    if (!assetId) throw new PermanentEventError('asset_id is empty');
    const locationId = uuidOrNull(event.locationId, 'location_id');
    const locationPathIds = uuids(event.locationPathIds, 'location_path_ids');
    const status = assetStatusName(event.status);

    const inserted: unknown[] = await manager.query(
      `insert into known_assets (tenant_id, asset_id, tag, name, location_id, status, location_path_ids, register_changed_at, status_changed_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       on conflict (tenant_id, asset_id) do nothing
       returning asset_id`,
      [tenantId, assetId, event.tag, event.name, locationId, status, locationPathIds, kind === 'register' ? at : null, kind === 'status' ? at : null],
    );
    if (inserted.length > 0) {
      if (locationId) await this.followAssetMove(ctx, assetId, locationId);
      return;
    }

    let applied = false;
    if (kind === 'register') {
      const [, changed]: [unknown[], number] = await manager.query(
        `update known_assets
            set tag = $3, name = $4, location_id = $5, location_path_ids = $6,
                register_changed_at = coalesce($7::timestamptz, register_changed_at), updated_at = now()
          where tenant_id = $1 and asset_id = $2 and deleted_at is null
            and (register_changed_at is null or $7::timestamptz >= register_changed_at)`,
        [tenantId, assetId, event.tag, event.name, locationId, locationPathIds, at],
      );
      applied = changed > 0;
      // Only an applied register change moves work: a stale one must not send it back.
      if (applied && locationId) await this.followAssetMove(ctx, assetId, locationId);
    }
    // A register event's status is a snapshot without a time of its own: it only ever
    // decommissions (terminal, so it cannot be stale), otherwise status events decide.
    if (kind === 'status' || status === DECOMMISSIONED) {
      const [, changed]: [unknown[], number] = await manager.query(
        `update known_assets set status = $3, status_changed_at = greatest(status_changed_at, $4::timestamptz), updated_at = now()
          where tenant_id = $1 and asset_id = $2 and deleted_at is null and status <> $5::text
            and ($3::text = $5::text or status_changed_at is null or $4::timestamptz >= status_changed_at)`,
        [tenantId, assetId, status, kind === 'status' ? at : null, DECOMMISSIONED],
      );
      applied ||= changed > 0;
    }
    if (!applied) this.logger.log({ assetId, kind, at }, 'asset event older than the read model (or the asset is decommissioned or deleted): ignored');
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
