import { DAY_MS } from './kpi-period';
import type { AlertFact, AlertSeverity, AssetFact, ConnectionState, ConnectionStateFact, DowntimeFact, Micros, ReportingFacts, WorkOrderFact } from './kpi-facts';

/**
 * A known week of maintenance (Monday 2026-03-02 to Monday 2026-03-09, UTC) whose KPIs are worked
 * out by hand in the specs: repairs spanning midnight, overlapping downtime of one asset, an outage
 * begun before the period, an asset entering service mid-week, a reopened, a cancelled and a late
 * PM work order, one still inside its grace; three connections (one degraded, reauthorizations
 * over midnight, with a pause inside, begun before the week, a deletion) and their alerts.
 */
export const at = (iso: string): number => Date.parse(`${iso}Z`);
export const money = (amount: string): Micros => BigInt(Math.round(Number(amount) * 1_000_000));

export const WEEK = { from: at('2026-03-02T00:00'), to: at('2026-03-09T00:00') };
export const AS_OF = at('2026-03-12T00:00');

const PUMP_PATH = ['site', 'L1', 'area1'];
const CONVEYOR_PATH = ['site', 'L2'];

export const ASSETS: AssetFact[] = [
  { assetId: 'A', locationPathIds: PUMP_PATH, category: 'pump', criticality: 'high', inServiceFrom: at('2026-01-01T00:00'), inServiceUntil: null },
  { assetId: 'B', locationPathIds: CONVEYOR_PATH, category: 'conveyor', criticality: 'low', inServiceFrom: at('2026-03-04T00:00'), inServiceUntil: null },
];

const down = (downtimeId: string, assetId: string, workOrderId: string | null, start: string, end: string | null, planned = false): DowntimeFact => ({
  downtimeId,
  assetId,
  workOrderId,
  startedAt: at(start),
  endedAt: end === null ? null : at(end),
  planned,
});

export const DOWNTIME: DowntimeFact[] = [
  down('d5', 'A', 'w5', '2026-03-01T20:00', '2026-03-02T02:00'),
  down('d1', 'A', 'w1', '2026-03-02T22:00', '2026-03-03T02:00'),
  down('d2', 'A', 'w2', '2026-03-03T01:00', '2026-03-03T05:00'),
  down('d3', 'A', 'w3', '2026-03-05T08:00', '2026-03-05T12:00', true),
  down('d4', 'B', 'w4', '2026-03-06T10:00', '2026-03-06T11:30'),
  down('d6', 'B', null, '2026-03-08T20:00', null),
];

type Overrides = Partial<Omit<WorkOrderFact, 'createdAt' | 'firstResponseAt' | 'dueAt' | 'plannedStartAt' | 'completedAt' | 'cancelledAt'>> & {
  created: string;
  response?: string;
  due?: string;
  plannedStart?: string;
  completed?: string;
  cancelled?: string;
  labour?: string;
  parts?: string;
  other?: string;
  pmIntervalDays?: number;
};

const optional = (iso: string | undefined): number | null => (iso === undefined ? null : at(iso));

function workOrder(workOrderId: string, o: Overrides): WorkOrderFact {
  const onConveyor = o.assetId === 'B';
  return {
    workOrderId,
    number: `WO-${workOrderId}`,
    assetId: o.assetId === undefined ? 'A' : o.assetId,
    locationPathIds: o.locationPathIds ?? (onConveyor ? CONVEYOR_PATH : PUMP_PATH),
    type: o.type ?? 'corrective',
    priority: o.priority ?? 'medium',
    status: o.status ?? (o.cancelled ? 'cancelled' : o.completed ? 'completed' : 'open'),
    createdAt: at(o.created),
    firstResponseAt: optional(o.response),
    dueAt: optional(o.due),
    plannedStartAt: optional(o.plannedStart),
    completedAt: optional(o.completed),
    cancelledAt: optional(o.cancelled),
    estimatedMinutes: o.estimatedMinutes ?? 0,
    labourMinutes: o.labourMinutes ?? 0,
    costs: { labour: money(o.labour ?? '0'), parts: money(o.parts ?? '0'), other: money(o.other ?? '0') },
    pm: o.pmIntervalDays === undefined ? null : { planId: `plan-${workOrderId}`, occurrenceId: `occ-${workOrderId}`, intervalMs: o.pmIntervalDays * DAY_MS },
  };
}

export const WORK_ORDERS: WorkOrderFact[] = [
  workOrder('w1', { created: '2026-03-02T22:05', response: '2026-03-02T22:35', completed: '2026-03-03T02:10', priority: 'high', estimatedMinutes: 180, labourMinutes: 240, labour: '200', parts: '55.50' }),
  workOrder('w2', { type: 'emergency', priority: 'critical', created: '2026-03-03T01:00', response: '2026-03-03T01:10', completed: '2026-03-03T05:00', labourMinutes: 300, labour: '250', other: '100' }),
  workOrder('w3', { type: 'preventive', pmIntervalDays: 7, created: '2026-03-01T08:00', response: '2026-03-05T08:00', plannedStart: '2026-03-05T08:00', due: '2026-03-05T12:00', completed: '2026-03-05T12:00', labourMinutes: 240, labour: '160', parts: '40.25' }),
  // Reopened: completed on the 6th, reopened, completed again on the 7th (the latest completion counts).
  workOrder('w4', { assetId: 'B', created: '2026-03-06T10:05', response: '2026-03-06T11:05', completed: '2026-03-07T09:00', labourMinutes: 120, labour: '100' }),
  workOrder('w5', { priority: 'high', created: '2026-03-01T20:10', response: '2026-03-01T20:40', completed: '2026-03-02T02:30', labourMinutes: 360, labour: '300', parts: '12.5' }),
  // Monthly PM (grace 6 days): due on the 3rd, done on the 10th: late.
  workOrder('w6', { assetId: 'B', type: 'preventive', pmIntervalDays: 30, created: '2026-02-24T08:00', plannedStart: '2026-03-03T08:00', due: '2026-03-03T08:00', completed: '2026-03-10T09:00', estimatedMinutes: 90, labourMinutes: 60, labour: '50' }),
  // Quarterly PM (grace 18 days): due on the 8th, still open on the 12th: pending.
  workOrder('w7', { type: 'preventive', pmIntervalDays: 90, created: '2026-03-01T06:00', due: '2026-03-08T08:00', estimatedMinutes: 120 }),
  workOrder('w8', { priority: 'low', created: '2026-03-04T09:00', plannedStart: '2026-03-04T13:00', cancelled: '2026-03-04T15:00', estimatedMinutes: 60 }),
  workOrder('w9', { assetId: null, locationPathIds: CONVEYOR_PATH, type: 'project', priority: 'low', created: '2026-01-20T00:00', plannedStart: '2026-03-06T08:00', due: '2026-03-06T17:00', estimatedMinutes: 480 }),
  workOrder('w10', { assetId: 'B', priority: 'none', status: 'on_hold', created: '2025-11-01T00:00', estimatedMinutes: 60 }),
  // Weekly PM (grace 1.4 days): due on the 4th 08:00, done on the 5th 15:00: on time.
  workOrder('w11', { assetId: 'B', type: 'preventive', pmIntervalDays: 7, created: '2026-02-25T08:00', plannedStart: '2026-03-04T08:00', due: '2026-03-04T08:00', completed: '2026-03-05T15:00', labourMinutes: 90, labour: '75' }),
  // Weekly PM due on the 2nd, never done: missed.
  workOrder('w12', { type: 'preventive', pmIntervalDays: 7, created: '2026-02-26T06:00', plannedStart: '2026-03-02T06:00', due: '2026-03-02T06:00', estimatedMinutes: 60 }),
  workOrder('w13', { type: 'preventive', pmIntervalDays: 7, priority: 'low', created: '2026-02-27T00:00', due: '2026-03-06T08:00', cancelled: '2026-03-05T10:00', estimatedMinutes: 60 }),
];

const state = (intervalId: string, connectionId: string, system: string, value: ConnectionState, start: string, end: string | null, reason = 'test'): ConnectionStateFact => ({
  intervalId,
  connectionId,
  system,
  state: value,
  reason,
  startedAt: at(start),
  endedAt: end === null ? null : at(end),
});

/**
 * Three connections. C1 degrades for 2 h, then needs reauthorization over midnight (6.5 h to
 * reconnect). C2 (from Wednesday) needs reauthorization on Saturday, is paused an hour inside it
 * and is reconnected only the next Tuesday. C3 needs reauthorization the Saturday before the week,
 * is reconnected early Monday (30 h, counted whole in the week) and is deleted on Friday.
 */
export const CONNECTION_STATES: ConnectionStateFact[] = [
  state('i1', 'C1', 'maximo', 'connected', '2026-02-20T00:00', '2026-03-03T10:00'),
  state('i2', 'C1', 'maximo', 'degraded', '2026-03-03T10:00', '2026-03-03T12:00'),
  state('i3', 'C1', 'maximo', 'connected', '2026-03-03T12:00', '2026-03-05T22:00'),
  state('i4', 'C1', 'maximo', 'reauth_required', '2026-03-05T22:00', '2026-03-06T04:30'),
  state('i5', 'C1', 'maximo', 'connected', '2026-03-06T04:30', null),
  state('j1', 'C2', 'sap', 'connected', '2026-03-04T00:00', '2026-03-07T08:00'),
  state('j2', 'C2', 'sap', 'reauth_required', '2026-03-07T08:00', '2026-03-07T09:00'),
  state('j3', 'C2', 'sap', 'paused', '2026-03-07T09:00', '2026-03-07T10:00'),
  state('j4', 'C2', 'sap', 'reauth_required', '2026-03-07T10:00', '2026-03-10T08:00'),
  state('j5', 'C2', 'sap', 'connected', '2026-03-10T08:00', null),
  state('k1', 'C3', 'fiix', 'connected', '2026-02-01T00:00', '2026-02-28T20:00'),
  state('k2', 'C3', 'fiix', 'reauth_required', '2026-02-28T20:00', '2026-03-02T02:00'),
  // Ended by the deletion of the connection.
  state('k3', 'C3', 'fiix', 'connected', '2026-03-02T02:00', '2026-03-06T00:00'),
];

/** An alert as the notifications service reports it, with the times of its repeats. */
export interface AlertHistory {
  alert: AlertFact;
  repeatedAt: number[];
}

function alert(alertId: string, type: string, severity: AlertSeverity, subject: string, times: { opened: string; repeats?: string[]; acknowledged?: string; resolved?: string }): AlertHistory {
  const repeatedAt = (times.repeats ?? []).map(at);
  const repeatsByDay = new Map<number, number>();
  for (const time of repeatedAt) {
    const day = time - (time % DAY_MS);
    repeatsByDay.set(day, (repeatsByDay.get(day) ?? 0) + 1);
  }
  return {
    alert: {
      alertId,
      type,
      severity,
      subjectKind: type.split('.')[0] ?? '',
      subjectId: subject,
      openedAt: at(times.opened),
      acknowledgedAt: optional(times.acknowledged),
      resolvedAt: optional(times.resolved),
      repeatsByDay,
    },
    repeatedAt,
  };
}

/** The alerts of the week: the connections' (opened and resolved with them), an overdue work order's, a part's. */
export const ALERT_HISTORY: AlertHistory[] = [
  alert('a1', 'connection.reauth_required', 'critical', 'C1', {
    opened: '2026-03-05T22:01',
    repeats: ['2026-03-05T23:00', '2026-03-06T01:00'],
    acknowledged: '2026-03-05T22:20',
    resolved: '2026-03-06T04:31',
  }),
  alert('a2', 'connection.degraded', 'warning', 'C1', { opened: '2026-03-03T10:01', resolved: '2026-03-03T12:01' }),
  alert('a3', 'connection.reauth_required', 'critical', 'C2', {
    opened: '2026-03-07T08:01',
    repeats: ['2026-03-07T12:00', '2026-03-08T12:00', '2026-03-09T12:00'],
    resolved: '2026-03-10T08:01',
  }),
  alert('a4', 'work_order.overdue', 'warning', 'w12', { opened: '2026-03-01T12:00', repeats: ['2026-03-02T12:00'], resolved: '2026-03-04T09:00' }),
  alert('a5', 'part.below_reorder_point', 'info', 'P1', { opened: '2026-03-08T18:00' }),
];

export const HISTORY: ReportingFacts = {
  assets: ASSETS,
  downtime: DOWNTIME,
  workOrders: WORK_ORDERS,
  connectionStates: CONNECTION_STATES,
  alerts: ALERT_HISTORY.map((entry) => entry.alert),
};
