/**
 * The facts the KPIs are computed from, as the projections keep them (one row per asset, downtime
 * interval and work order; times in epoch milliseconds, money in exact millionths of the tenant's
 * currency). The engine is pure: the same facts and query give the same figures.
 */
export type WorkType = 'corrective' | 'preventive' | 'inspection' | 'emergency' | 'project';
export const WORK_TYPES: readonly WorkType[] = ['corrective', 'preventive', 'inspection', 'emergency', 'project'];

export type Priority = 'none' | 'low' | 'medium' | 'high' | 'critical';
export const PRIORITIES: readonly Priority[] = ['none', 'low', 'medium', 'high', 'critical'];

export type WorkOrderStatus = 'open' | 'in_progress' | 'on_hold' | 'completed' | 'closed' | 'cancelled';

/** Money in millionths (10^-6) of the tenant's currency: sums stay exact. */
export type Micros = bigint;

export interface AssetFact {
  assetId: string;
  /** Root first, the asset's own location last: a location filter matches its whole subtree. */
  locationPathIds: readonly string[];
  category: string | null;
  criticality: string | null;
  /** When the asset entered service; before it there is no uptime to count. */
  inServiceFrom: number;
  /** When it was decommissioned or deleted; null while in service. */
  inServiceUntil: number | null;
}

export interface DowntimeFact {
  downtimeId: string;
  assetId: string;
  workOrderId: string | null;
  startedAt: number;
  /** Null while the asset is still down. */
  endedAt: number | null;
  planned: boolean;
}

export interface WorkOrderCosts {
  labour: Micros;
  parts: Micros;
  other: Micros;
}

export interface PmFact {
  planId: string;
  occurrenceId: string;
  /** The PM interval at this occurrence (ms); null for meter-triggered plans (no grace). */
  intervalMs: number | null;
}

export interface WorkOrderFact {
  workOrderId: string;
  number: string;
  assetId: string | null;
  /** Of the work order's location (or its asset's); root first. */
  locationPathIds: readonly string[];
  type: WorkType;
  priority: Priority;
  status: WorkOrderStatus;
  createdAt: number;
  firstResponseAt: number | null;
  dueAt: number | null;
  /** When it was scheduled to be done (planned start); null when never scheduled. */
  plannedStartAt: number | null;
  /** The latest completion; null while not completed (a reopened work order has none). */
  completedAt: number | null;
  cancelledAt: number | null;
  estimatedMinutes: number;
  labourMinutes: number;
  costs: WorkOrderCosts;
  pm: PmFact | null;
}

/** The states a connection to a customer's system spends time in (deleted ends its time). */
export type ConnectionState = 'connected' | 'degraded' | 'reauth_required' | 'paused';
export const CONNECTION_STATES: readonly ConnectionState[] = ['connected', 'degraded', 'reauth_required', 'paused'];

/** One stretch of a connection in one state, from the transition into it to the next one. */
export interface ConnectionStateFact {
  /** The id (ce_id) of the event that entered the state: the same in every rebuild. */
  intervalId: string;
  connectionId: string;
  /** The target system: maximo, sap, fiix … */
  system: string;
  state: ConnectionState;
  /** Why it entered the state, as the event said. */
  reason: string;
  startedAt: number;
  /** Null while the connection is still in this state. */
  endedAt: number | null;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

export interface AlertFact {
  alertId: string;
  /** e.g. connection.reauth_required */
  type: string;
  severity: AlertSeverity;
  subjectKind: string;
  subjectId: string;
  openedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** Repeats (AlertUpdated) by UTC day: the start of the day → how many that day. */
  repeatsByDay: ReadonlyMap<number, number>;
}

export interface ReportingFacts {
  assets: readonly AssetFact[];
  downtime: readonly DowntimeFact[];
  workOrders: readonly WorkOrderFact[];
  /** Every state interval of the connections that began before the period's end. */
  connectionStates: readonly ConnectionStateFact[];
  /** Alerts opened before the period's end and not resolved before it started. */
  alerts: readonly AlertFact[];
}
