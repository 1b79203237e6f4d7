import type { EntityManager } from 'typeorm';
import type { AlertFact, AlertSeverity, AssetFact, ConnectionState, ConnectionStateFact, DowntimeFact, Period, Priority, ReportingFacts, WorkOrderFact, WorkOrderStatus, WorkType } from '../kpis';

interface LocationRow {
  location_id: string;
  parent_location_id: string | null;
}

interface AssetRow {
  asset_id: string;
  location_path_ids: string[];
  category: string | null;
  criticality: string | null;
  in_service_from: Date;
  in_service_until: Date | null;
}

interface DowntimeRow {
  downtime_id: string;
  asset_id: string;
  work_order_id: string | null;
  started_at: Date;
  ended_at: Date | null;
  planned: boolean;
}

interface WorkOrderRow {
  work_order_id: string;
  number: string;
  asset_id: string | null;
  location_id: string | null;
  type: WorkType;
  priority: Priority;
  status: WorkOrderStatus;
  created_at: Date;
  first_response_at: Date | null;
  due_at: Date | null;
  planned_start_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  estimated_minutes: number;
  labour_minutes: string;
  labour_micros: string;
  parts_micros: string;
  other_micros: string;
  pm_plan_id: string | null;
  pm_occurrence_id: string | null;
  pm_interval_ms: string | null;
}

interface ConnectionStateRow {
  interval_id: string;
  connection_id: string;
  system: string;
  state: ConnectionState;
  reason: string;
  started_at: Date;
  ended_at: Date | null;
}

interface AlertRow {
  alert_id: string;
  type: string;
  severity: AlertSeverity;
  subject_kind: string;
  subject_id: string;
  opened_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  /** [[day start in epoch ms, repeats], …] */
  repeats: [string, number][] | null;
}

const time = (value: Date | null): number | null => (value === null ? null : value.getTime());

/** Root-first paths of every location, from the parent links (a cycle or a gap ends the walk). */
function locationPaths(rows: readonly LocationRow[]): Map<string, string[]> {
  const parentOf = new Map(rows.map((row) => [row.location_id, row.parent_location_id]));
  const paths = new Map<string, string[]>();
  for (const { location_id: id } of rows) {
    const path: string[] = [];
    for (let current: string | null | undefined = id; current && !path.includes(current); current = parentOf.get(current)) path.unshift(current);
    paths.set(id, path);
  }
  return paths;
}

/**
 * Reads the facts a period's KPIs need, for the tenant of the transaction (row-level security):
 * every asset, downtime that touches the period, and work orders that existed in it. The PM
 * interval of an occurrence is the time since the plan's previous occurrence.
 */
export async function readFacts(manager: EntityManager, period: Period): Promise<ReportingFacts> {
  const from = new Date(period.from);
  const to = new Date(period.to);
  const locations = locationPaths(await manager.query<LocationRow[]>(`select location_id, parent_location_id from location_facts`));
  const assetRows = await manager.query<AssetRow[]>(
    `select asset_id, location_path_ids::text[] as location_path_ids, category, criticality, in_service_from, in_service_until from asset_facts`,
  );
  const downtimeRows = await manager.query<DowntimeRow[]>(
    `select downtime_id, asset_id, work_order_id, started_at, ended_at, planned from downtime_facts
     where started_at < $2 and (ended_at is null or ended_at >= $1)`,
    [from, to],
  );
  const workOrderRows = await manager.query<WorkOrderRow[]>(
    `select w.work_order_id, w.number, w.asset_id, w.location_id, w.type, w.priority, w.status, w.created_at, w.first_response_at,
       w.due_at, w.planned_start_at, w.completed_at, w.cancelled_at, w.estimated_minutes, w.labour_minutes::text,
       round(w.labour_cost * 1000000)::bigint::text as labour_micros, round(w.parts_cost * 1000000)::bigint::text as parts_micros,
       round(w.other_cost * 1000000)::bigint::text as other_micros, w.pm_plan_id, w.pm_occurrence_id,
       (extract(epoch from (o.occurrence_at - previous.occurrence_at)) * 1000)::bigint::text as pm_interval_ms
     from work_order_facts w
     left join pm_occurrence_facts o on o.occurrence_id = w.pm_occurrence_id
     left join lateral (select max(p.occurrence_at) as occurrence_at from pm_occurrence_facts p
                        where p.plan_id = o.plan_id and p.occurrence_at < o.occurrence_at) previous on true
     where w.created_at < $2
       and (coalesce(w.completed_at, w.cancelled_at) is null or coalesce(w.completed_at, w.cancelled_at) >= $1
            or w.due_at >= $1 or w.planned_start_at >= $1)`,
    [from, to],
  );
  const assets: AssetFact[] = assetRows.map((row) => ({
    assetId: row.asset_id,
    locationPathIds: row.location_path_ids,
    category: row.category,
    criticality: row.criticality,
    inServiceFrom: row.in_service_from.getTime(),
    inServiceUntil: time(row.in_service_until),
  }));
  const assetPaths = new Map(assets.map((asset) => [asset.assetId, asset.locationPathIds]));
  const downtime: DowntimeFact[] = downtimeRows.map((row) => ({
    downtimeId: row.downtime_id,
    assetId: row.asset_id,
    workOrderId: row.work_order_id,
    startedAt: row.started_at.getTime(),
    endedAt: time(row.ended_at),
    planned: row.planned,
  }));
  const workOrders = workOrderRows.map((row) => workOrderFactOf(row, locations, assetPaths));
  return { assets, downtime, workOrders, ...(await readHealthFacts(manager, from, to)) };
}

/**
 * Connection state intervals begun before the period's end (all of them: a reauthorization
 * episode can begin long before the period it ends in; transitions are rare), and alerts opened
 * before the period's end and not resolved before it began, with their repeats by day.
 */
async function readHealthFacts(manager: EntityManager, from: Date, to: Date): Promise<Pick<ReportingFacts, 'connectionStates' | 'alerts'>> {
  const stateRows = await manager.query<ConnectionStateRow[]>(
    `select interval_id, connection_id, system, state, reason, started_at, ended_at from connection_state_facts where started_at < $1`,
    [to],
  );
  const alertRows = await manager.query<AlertRow[]>(
    `select a.alert_id, a.type, a.severity, a.subject_kind, a.subject_id, a.opened_at, a.acknowledged_at, a.resolved_at,
       (select json_agg(json_build_array((extract(epoch from r.day::timestamp) * 1000)::bigint::text, r.repeats))
          from alert_repeat_facts r where r.alert_id = a.alert_id and r.day < $2) as repeats
     from alert_facts a where a.opened_at < $2 and (a.resolved_at is null or a.resolved_at >= $1)`,
    [from, to],
  );
  return {
    connectionStates: stateRows.map(
      (row): ConnectionStateFact => ({
        intervalId: row.interval_id,
        connectionId: row.connection_id,
        system: row.system,
        state: row.state,
        reason: row.reason,
        startedAt: row.started_at.getTime(),
        endedAt: time(row.ended_at),
      }),
    ),
    alerts: alertRows.map(
      (row): AlertFact => ({
        alertId: row.alert_id,
        type: row.type,
        severity: row.severity,
        subjectKind: row.subject_kind,
        subjectId: row.subject_id,
        openedAt: row.opened_at.getTime(),
        acknowledgedAt: time(row.acknowledged_at),
        resolvedAt: time(row.resolved_at),
        repeatsByDay: new Map((row.repeats ?? []).map(([day, repeats]) => [Number(day), repeats])),
      }),
    ),
  };
}

function workOrderFactOf(row: WorkOrderRow, locations: Map<string, string[]>, assetPaths: Map<string, readonly string[]>): WorkOrderFact {
  // A location the projection has not seen yet still matches a filter on itself.
  const ownPath = row.location_id ? (locations.get(row.location_id) ?? [row.location_id]) : undefined;
  const path = ownPath ?? (row.asset_id ? assetPaths.get(row.asset_id) : undefined) ?? [];
  return {
    workOrderId: row.work_order_id,
    number: row.number,
    assetId: row.asset_id,
    locationPathIds: path,
    type: row.type,
    priority: row.priority,
    status: row.status,
    createdAt: row.created_at.getTime(),
    firstResponseAt: time(row.first_response_at),
    dueAt: time(row.due_at),
    plannedStartAt: time(row.planned_start_at),
    completedAt: time(row.completed_at),
    cancelledAt: time(row.cancelled_at),
    estimatedMinutes: row.estimated_minutes,
    labourMinutes: Number(row.labour_minutes),
    costs: { labour: BigInt(row.labour_micros), parts: BigInt(row.parts_micros), other: BigInt(row.other_micros) },
    pm: row.pm_occurrence_id
      ? { planId: row.pm_plan_id ?? '', occurrenceId: row.pm_occurrence_id, intervalMs: row.pm_interval_ms === null ? null : Number(row.pm_interval_ms) }
      : null,
  };
}
