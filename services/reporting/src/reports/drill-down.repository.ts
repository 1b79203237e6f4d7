import type { EntityManager } from 'typeorm';

export interface WorkOrderRow {
  id: string;
  number: string;
  assetId: string | null;
  locationId: string | null;
  type: string;
  priority: string;
  status: string;
  createdAt: string;
  firstResponseAt: string | null;
  dueAt: string | null;
  plannedStartAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  estimatedMinutes: number;
  labourMinutes: number;
  labourCost: string;
  partsCost: string;
  otherCost: string;
}

export interface DowntimeRow {
  id: string;
  assetId: string;
  workOrderId: string | null;
  startedAt: string;
  endedAt: string | null;
  planned: boolean;
}

export interface ConnectionStateRow {
  id: string;
  connectionId: string;
  system: string;
  state: string;
  reason: string;
  startedAt: string;
  endedAt: string | null;
}

export interface AlertRow {
  id: string;
  type: string;
  severity: string;
  subjectKind: string;
  subjectId: string;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  repeats: number;
}

export const CONNECTION_STATE_COLUMNS: readonly (keyof ConnectionStateRow)[] = ['id', 'connectionId', 'system', 'state', 'reason', 'startedAt', 'endedAt'];
export const ALERT_COLUMNS: readonly (keyof AlertRow)[] = ['id', 'type', 'severity', 'subjectKind', 'subjectId', 'openedAt', 'acknowledgedAt', 'resolvedAt', 'repeats'];

export const WORK_ORDER_COLUMNS: readonly (keyof WorkOrderRow)[] = [
  'id', 'number', 'assetId', 'locationId', 'type', 'priority', 'status', 'createdAt', 'firstResponseAt', 'dueAt',
  'plannedStartAt', 'completedAt', 'cancelledAt', 'estimatedMinutes', 'labourMinutes', 'labourCost', 'partsCost', 'otherCost',
];
export const DOWNTIME_COLUMNS: readonly (keyof DowntimeRow)[] = ['id', 'assetId', 'workOrderId', 'startedAt', 'endedAt', 'planned'];

const isoOrNull = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The work-order facts with these ids (of the transaction's tenant), by id. */
export async function readWorkOrderRows(manager: EntityManager, ids: readonly string[]): Promise<WorkOrderRow[]> {
  return manager.query<WorkOrderRow[]>(
    `select work_order_id as "id", number, asset_id as "assetId", location_id as "locationId", type, priority, status,
       ${isoOrNull('created_at')} as "createdAt", ${isoOrNull('first_response_at')} as "firstResponseAt", ${isoOrNull('due_at')} as "dueAt",
       ${isoOrNull('planned_start_at')} as "plannedStartAt", ${isoOrNull('completed_at')} as "completedAt", ${isoOrNull('cancelled_at')} as "cancelledAt",
       estimated_minutes as "estimatedMinutes", labour_minutes::int as "labourMinutes",
       trim_scale(labour_cost)::text as "labourCost", trim_scale(parts_cost)::text as "partsCost", trim_scale(other_cost)::text as "otherCost"
     from work_order_facts where work_order_id = any($1::uuid[]) order by work_order_id`,
    [ids],
  );
}

/** The downtime facts with these ids (of the transaction's tenant), by id. */
export async function readDowntimeRows(manager: EntityManager, ids: readonly string[]): Promise<DowntimeRow[]> {
  return manager.query<DowntimeRow[]>(
    `select downtime_id as "id", asset_id as "assetId", work_order_id as "workOrderId", ${isoOrNull('started_at')} as "startedAt",
       ${isoOrNull('ended_at')} as "endedAt", planned
     from downtime_facts where downtime_id = any($1::uuid[]) order by downtime_id`,
    [ids],
  );
}

/** The connection state intervals with these ids (of the transaction's tenant), by id. */
export async function readConnectionStateRows(manager: EntityManager, ids: readonly string[]): Promise<ConnectionStateRow[]> {
  return manager.query<ConnectionStateRow[]>(
    `select interval_id as "id", connection_id as "connectionId", system, state, reason, ${isoOrNull('started_at')} as "startedAt",
       ${isoOrNull('ended_at')} as "endedAt"
     from connection_state_facts where interval_id = any($1::uuid[]) order by interval_id`,
    [ids],
  );
}

/** The alerts with these ids (of the transaction's tenant), by id, with all their repeats. */
export async function readAlertRows(manager: EntityManager, ids: readonly string[]): Promise<AlertRow[]> {
  return manager.query<AlertRow[]>(
    `select a.alert_id as "id", a.type, a.severity, a.subject_kind as "subjectKind", a.subject_id as "subjectId",
       ${isoOrNull('a.opened_at')} as "openedAt", ${isoOrNull('a.acknowledged_at')} as "acknowledgedAt", ${isoOrNull('a.resolved_at')} as "resolvedAt",
       coalesce((select sum(r.repeats) from alert_repeat_facts r where r.alert_id = a.alert_id), 0)::int as "repeats"
     from alert_facts a where a.alert_id = any($1::uuid[]) order by a.alert_id`,
    [ids],
  );
}
