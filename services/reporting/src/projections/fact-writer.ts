import type { EntityManager } from 'typeorm';
import type { Priority, WorkOrderStatus, WorkType } from '../kpis';

/** What a work-order event says about its work order; absent fields leave the fact as it is. */
export interface WorkOrderChange {
  workOrderId: string;
  number: string;
  assetId: string | null;
  locationId: string | null;
  type: WorkType;
  priority: Priority;
  status: WorkOrderStatus;
  /** When the work order was created, or (for an event whose creation we never saw) the event time. */
  createdAt: Date;
  firstResponseAt?: Date | null;
  dueAt?: Date | null;
  plannedStartAt?: Date | null;
  estimatedMinutes?: number;
  pmPlanId?: string | null;
  pmOccurrenceId?: string | null;
}

export interface WorkOrderCompletion {
  completedAt: Date;
  labourMinutes: bigint;
  labourCost: string;
  partsCost: string;
  otherCost: string;
}

/**
 * Every write of the projections, each an idempotent upsert of one fact: replaying a topic from
 * the beginning gives the same rows (redeliveries are already dropped by the inbox).
 */
export const FactWriter = {
  async upsertWorkOrder(manager: EntityManager, tenantId: string, change: WorkOrderChange): Promise<void> {
    const keep = (column: string, index: number, given: unknown): string =>
      given === undefined ? `${column} = work_order_facts.${column}` : `${column} = $${index}`;
    await manager.query(
      `insert into work_order_facts (tenant_id, work_order_id, number, asset_id, location_id, type, priority, status, created_at,
         first_response_at, due_at, planned_start_at, estimated_minutes, pm_plan_id, pm_occurrence_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, 0), $14, $15)
       on conflict (tenant_id, work_order_id) do update set
         number = $3, asset_id = $4, location_id = $5, type = $6, priority = $7, status = $8,
         created_at = least(work_order_facts.created_at, $9),
         ${keep('first_response_at', 10, change.firstResponseAt)}, ${keep('due_at', 11, change.dueAt)},
         ${keep('planned_start_at', 12, change.plannedStartAt)},
         estimated_minutes = coalesce($13, work_order_facts.estimated_minutes),
         pm_plan_id = coalesce($14, work_order_facts.pm_plan_id), pm_occurrence_id = coalesce($15, work_order_facts.pm_occurrence_id)`,
      [
        tenantId,
        change.workOrderId,
        change.number,
        change.assetId,
        change.locationId,
        change.type,
        change.priority,
        change.status,
        change.createdAt,
        change.firstResponseAt ?? null,
        change.dueAt ?? null,
        change.plannedStartAt ?? null,
        change.estimatedMinutes ?? null,
        change.pmPlanId ?? null,
        change.pmOccurrenceId ?? null,
      ],
    );
  },

  /** A (re)completion replaces the costs: the event carries the work order's totals, not a delta. */
  async complete(manager: EntityManager, tenantId: string, workOrderId: string, completion: WorkOrderCompletion): Promise<void> {
    await manager.query(
      `update work_order_facts set completed_at = $3, cancelled_at = null, labour_minutes = $4,
         labour_cost = $5, parts_cost = $6, other_cost = $7
       where tenant_id = $1 and work_order_id = $2`,
      [tenantId, workOrderId, completion.completedAt, completion.labourMinutes.toString(), completion.labourCost || '0', completion.partsCost || '0', completion.otherCost || '0'],
    );
  },

  /** Reopened (completed → in progress): no longer done, so no completion time until completed again. */
  async reopen(manager: EntityManager, tenantId: string, workOrderId: string): Promise<void> {
    await manager.query(`update work_order_facts set completed_at = null where tenant_id = $1 and work_order_id = $2`, [tenantId, workOrderId]);
  },

  async cancel(manager: EntityManager, tenantId: string, workOrderId: string, cancelledAt: Date): Promise<void> {
    await manager.query(
      `update work_order_facts set cancelled_at = $3, status = 'cancelled' where tenant_id = $1 and work_order_id = $2`,
      [tenantId, workOrderId, cancelledAt],
    );
  },

  async upsertLocation(manager: EntityManager, tenantId: string, locationId: string, parentId: string | null, deletedAt: Date | null = null): Promise<void> {
    await manager.query(
      `insert into location_facts (tenant_id, location_id, parent_location_id, deleted_at) values ($1, $2, $3, $4)
       on conflict (tenant_id, location_id) do update set parent_location_id = $3, deleted_at = $4`,
      [tenantId, locationId, parentId, deletedAt],
    );
  },

  async deleteLocation(manager: EntityManager, tenantId: string, locationId: string, deletedAt: Date): Promise<void> {
    await manager.query(`update location_facts set deleted_at = $3 where tenant_id = $1 and location_id = $2`, [tenantId, locationId, deletedAt]);
  },

  async upsertAsset(
    manager: EntityManager,
    tenantId: string,
    /** `category` undefined: the event does not carry it (AssetUpdated), the fact keeps its own. */
    asset: { assetId: string; locationId: string | null; locationPathIds: readonly string[]; category?: string | null; criticality: string | null; at: Date },
  ): Promise<void> {
    const category = asset.category === undefined ? 'asset_facts.category' : '$5';
    await manager.query(
      `insert into asset_facts (tenant_id, asset_id, location_id, location_path_ids, category, criticality, in_service_from)
       values ($1, $2, $3, $4::uuid[], $5, $6, $7)
       on conflict (tenant_id, asset_id) do update set location_id = $3, location_path_ids = $4::uuid[], category = ${category},
         criticality = $6, in_service_from = least(asset_facts.in_service_from, $7)`,
      [tenantId, asset.assetId, asset.locationId, asset.locationPathIds, asset.category ?? null, asset.criticality, asset.at],
    );
  },

  /** Decommissioned or deleted: no uptime after this (the earlier of the two counts). */
  async endService(manager: EntityManager, tenantId: string, assetId: string, at: Date): Promise<void> {
    await manager.query(
      `update asset_facts set in_service_until = least(coalesce(in_service_until, $3), $3) where tenant_id = $1 and asset_id = $2`,
      [tenantId, assetId, at],
    );
  },

  async upsertDowntime(
    manager: EntityManager,
    tenantId: string,
    downtime: { downtimeId: string; assetId: string; workOrderId: string | null; startedAt: Date; endedAt: Date | null; planned: boolean },
  ): Promise<void> {
    await manager.query(
      `insert into downtime_facts (tenant_id, downtime_id, asset_id, work_order_id, started_at, ended_at, planned)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (tenant_id, downtime_id) do update set asset_id = $3, work_order_id = coalesce($4, downtime_facts.work_order_id),
         started_at = $5, ended_at = coalesce($6, downtime_facts.ended_at), planned = $7`,
      [tenantId, downtime.downtimeId, downtime.assetId, downtime.workOrderId, downtime.startedAt, downtime.endedAt, downtime.planned],
    );
  },

  async upsertPmOccurrence(
    manager: EntityManager,
    tenantId: string,
    occurrence: { occurrenceId: string; planId: string; occurrenceAt: Date; dueAt: Date | null },
  ): Promise<void> {
    await manager.query(
      `insert into pm_occurrence_facts (tenant_id, occurrence_id, plan_id, occurrence_at, due_at) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, occurrence_id) do update set plan_id = $3, occurrence_at = $4, due_at = $5`,
      [tenantId, occurrence.occurrenceId, occurrence.planId, occurrence.occurrenceAt, occurrence.dueAt],
    );
  },

  /**
   * Records that the event at these coordinates is projected (how far each partition is, for
   * freshness and for a rebuild's switch-over); false when this generation already has it or a
   * later event of its partition, so it must change nothing. This keeps a replay into a generation
   * that another consumer also writes (the live one, from the switch-over on) in partition order.
   */
  async claimOffset(manager: EntityManager, coordinates: { topic: string; partition: number; offset: string }, eventTime: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `insert into projection_progress (topic, partition, last_offset, last_event_at, projected_at) values ($1, $2, $3, $4, now())
       on conflict (topic, partition) do update set last_offset = excluded.last_offset,
         last_event_at = greatest(projection_progress.last_event_at, excluded.last_event_at), projected_at = now()
       where projection_progress.last_offset < excluded.last_offset
       returning 1`,
      [coordinates.topic, coordinates.partition, coordinates.offset, eventTime],
    );
    return rows.length === 1;
  },
};
