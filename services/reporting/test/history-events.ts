import { randomUUID } from 'node:crypto';
import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AlertAcknowledgedSchema,
  AlertOpenedSchema,
  AlertResolvedSchema,
  AlertSeverity,
  AlertUpdatedSchema,
  AssetCreatedSchema,
  ConnectionAuthFailedSchema,
  ConnectionCreatedSchema,
  ConnectionDegradedSchema,
  ConnectionDeletedSchema,
  ConnectionPausedSchema,
  ConnectionReauthRequiredSchema,
  ConnectionRestoredSchema,
  ConnectionResumedSchema,
  ConnectionStatus,
  FailureClass,
  AssetCriticality,
  DowntimeClosedSchema,
  DowntimeKind,
  DowntimeOpenedSchema,
  LocationCreatedSchema,
  PmOccurrenceDueSchema,
  WorkOrderCompletedSchema,
  WorkOrderCreatedSchema,
  WorkOrderPriority,
  WorkOrderStatus,
  WorkOrderStatusChangedSchema,
  WorkOrderType,
} from '@mate/contracts';
import { newEventId, toKafkaHeaders } from '@mate/messaging';
import { testKafkaBrokers } from '@mate/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { formatMoney, type AlertSeverity as SeverityName, type ConnectionState, type ConnectionStateFact, type Priority, type ReportingFacts, type WorkOrderFact, type WorkType } from '../src/kpis';
import type { AlertHistory } from '../src/kpis/week-history.fixture';

/** The topics a test run uses (its own, so no other run's events reach it). */
export interface HistoryTopics {
  workOrders: string;
  assets: string;
  pmScheduling: string;
  connectors: string;
  notifications: string;
}

/** One event to publish: topic, schema, payload and key. */
export interface HistoryEvent {
  topic: keyof HistoryTopics;
  schema: DescMessage;
  message: MessageInitShape<DescMessage>;
  subject: string;
  /** The fixture's label for the event's own id (ce_id): a connection state interval is known by it. */
  label?: string;
}

/** Fixture labels ('A', 'w1', 'site' …) to the uuids the events use, and back. */
export class Ids {
  private readonly byLabel = new Map<string, string>();

  of(label: string): string {
    let id = this.byLabel.get(label);
    if (!id) this.byLabel.set(label, (id = randomUUID()));
    return id;
  }

  /** Labels an id made elsewhere (an event id). */
  set(label: string, id: string): void {
    this.byLabel.set(label, id);
  }

  labelOf(id: string): string {
    return [...this.byLabel.entries()].find(([, value]) => value === id)?.[0] ?? id;
  }
}

const ts = (ms: number) => timestampFromDate(new Date(ms));
const optionalTs = (ms: number | null) => (ms === null ? undefined : ts(ms));
const TYPES: Record<WorkType, WorkOrderType> = {
  corrective: WorkOrderType.CORRECTIVE,
  preventive: WorkOrderType.PREVENTIVE,
  inspection: WorkOrderType.INSPECTION,
  emergency: WorkOrderType.EMERGENCY,
  project: WorkOrderType.PROJECT,
};
const PRIORITIES: Record<Priority, WorkOrderPriority> = {
  none: WorkOrderPriority.NONE,
  low: WorkOrderPriority.LOW,
  medium: WorkOrderPriority.MEDIUM,
  high: WorkOrderPriority.HIGH,
  critical: WorkOrderPriority.CRITICAL,
};
const CRITICALITIES: Record<string, AssetCriticality> = { high: AssetCriticality.A, low: AssetCriticality.C };

function workOrderEvents(wo: WorkOrderFact, ids: Ids, reopenedAt: Map<string, number>): HistoryEvent[] {
  const id = ids.of(wo.workOrderId);
  const common = {
    workOrderId: id,
    number: wo.number,
    assetId: wo.assetId ? ids.of(wo.assetId) : '',
    locationId: ids.of(wo.locationPathIds[wo.locationPathIds.length - 1] ?? ''),
    type: TYPES[wo.type],
    priority: PRIORITIES[wo.priority],
    pm: wo.pm ? { planId: ids.of(wo.pm.planId), occurrenceId: ids.of(wo.pm.occurrenceId) } : undefined,
  };
  const event = (schema: DescMessage, message: Record<string, unknown>): HistoryEvent => ({ topic: 'workOrders', schema, message, subject: id });
  const status = (from: WorkOrderStatus, to: WorkOrderStatus, at: number) =>
    event(WorkOrderStatusChangedSchema, { ...common, fromStatus: from, toStatus: to, changedAt: ts(at), firstResponseAt: optionalTs(wo.firstResponseAt), reason: 'test' });
  const completed = (at: number, recompleted: boolean) =>
    event(WorkOrderCompletedSchema, {
      ...common,
      completedAt: ts(at),
      createdAt: ts(wo.createdAt),
      dueAt: optionalTs(wo.dueAt),
      firstResponseAt: optionalTs(wo.firstResponseAt),
      recompleted,
      totals: {
        labourMinutes: BigInt(wo.labourMinutes),
        labourCost: formatMoney(wo.costs.labour),
        partsCost: formatMoney(wo.costs.parts),
        otherCost: formatMoney(wo.costs.other),
      },
    });
  const events: HistoryEvent[] = [
    event(WorkOrderCreatedSchema, {
      createdBy: 'test',
      workOrder: {
        ...common,
        title: wo.number,
        status: WorkOrderStatus.OPEN,
        createdAt: ts(wo.createdAt),
        dueAt: optionalTs(wo.dueAt),
        plannedStartAt: optionalTs(wo.plannedStartAt),
        estimatedDurationMinutes: wo.estimatedMinutes,
      },
    }),
  ];
  if (wo.firstResponseAt !== null) events.push(status(WorkOrderStatus.OPEN, WorkOrderStatus.IN_PROGRESS, wo.firstResponseAt));
  const reopened = reopenedAt.get(wo.workOrderId);
  if (reopened !== undefined) {
    events.push(status(WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.COMPLETED, reopened), completed(reopened, false));
    events.push(status(WorkOrderStatus.COMPLETED, WorkOrderStatus.IN_PROGRESS, reopened + 60_000));
  }
  if (wo.completedAt !== null) events.push(status(WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.COMPLETED, wo.completedAt), completed(wo.completedAt, reopened !== undefined));
  if (wo.cancelledAt !== null) events.push(status(WorkOrderStatus.OPEN, WorkOrderStatus.CANCELLED, wo.cancelledAt));
  return events;
}

/** A plan's previous occurrence one interval before this one: the interval PM compliance's grace is a share of. */
function pmEvents(wo: WorkOrderFact, ids: Ids): HistoryEvent[] {
  if (!wo.pm || wo.dueAt === null || wo.pm.intervalMs === null) return [];
  const planId = ids.of(wo.pm.planId);
  const occurrence = (occurrenceId: string, at: number): HistoryEvent => ({
    topic: 'pmScheduling',
    schema: PmOccurrenceDueSchema,
    message: { planId, occurrenceId, occurrenceAt: ts(at), dueAt: ts(at), template: { title: wo.number } },
    subject: planId,
  });
  return [occurrence(`${planId}:previous`, wo.dueAt - wo.pm.intervalMs), occurrence(ids.of(wo.pm.occurrenceId), wo.dueAt)];
}

/**
 * The events that produce a fixture's facts, as the producers publish them: locations and assets,
 * downtime opened and closed, work orders created, responded to, completed (one completed,
 * reopened and completed again), cancelled, and the PM occurrences behind PM work.
 */
export function eventsOf(history: ReportingFacts, ids: Ids, options: { reopenedAt: Map<string, number> }): HistoryEvent[] {
  const locations = new Map<string, string | null>();
  for (const path of [...history.assets, ...history.workOrders].map((fact) => fact.locationPathIds)) {
    path.forEach((location, index) => locations.set(location, index === 0 ? null : (path[index - 1] ?? null)));
  }
  const events: HistoryEvent[] = [...locations.entries()].map(([location, parent]) => ({
    topic: 'assets',
    schema: LocationCreatedSchema,
    message: { locationId: ids.of(location), parentLocationId: parent ? ids.of(parent) : '', name: location, kind: 'area', code: location },
    subject: ids.of(location),
  }));
  for (const asset of history.assets) {
    events.push({
      topic: 'assets',
      schema: AssetCreatedSchema,
      message: {
        assetId: ids.of(asset.assetId),
        tag: asset.assetId,
        name: asset.assetId,
        locationId: ids.of(asset.locationPathIds[asset.locationPathIds.length - 1] ?? ''),
        locationPathIds: asset.locationPathIds.map((location) => ids.of(location)),
        category: asset.category ?? '',
        criticality: CRITICALITIES[asset.criticality ?? ''] ?? AssetCriticality.UNSPECIFIED,
        createdAt: ts(asset.inServiceFrom),
      },
      subject: ids.of(asset.assetId),
    });
  }
  for (const downtime of history.downtime) {
    const fields = {
      downtimeId: ids.of(downtime.downtimeId),
      assetId: ids.of(downtime.assetId),
      workOrderId: downtime.workOrderId ? ids.of(downtime.workOrderId) : '',
      kind: downtime.planned ? DowntimeKind.PLANNED : DowntimeKind.UNPLANNED,
      reason: 'test',
      startedAt: ts(downtime.startedAt),
    };
    events.push({ topic: 'assets', schema: DowntimeOpenedSchema, message: fields, subject: fields.assetId });
    if (downtime.endedAt !== null) {
      events.push({ topic: 'assets', schema: DowntimeClosedSchema, message: { ...fields, endedAt: ts(downtime.endedAt) }, subject: fields.assetId });
    }
  }
  for (const wo of history.workOrders) events.push(...pmEvents(wo, ids), ...workOrderEvents(wo, ids, options.reopenedAt));
  return events;
}

const STATUSES: Record<ConnectionState, ConnectionStatus> = {
  connected: ConnectionStatus.CONNECTED,
  degraded: ConnectionStatus.DEGRADED,
  reauth_required: ConnectionStatus.REAUTH_REQUIRED,
  paused: ConnectionStatus.PAUSED,
};

/** The transition into an interval, as the connectors service reports it. */
function transitionInto(interval: ConnectionStateFact, previous: ConnectionStateFact | undefined, ids: Ids): Omit<HistoryEvent, 'topic' | 'subject'>[] {
  const connectionId = ids.of(interval.connectionId);
  const common = { connectionId, system: interval.system, occurredAt: ts(interval.startedAt) };
  const previousStatus = previous ? STATUSES[previous.state] : ConnectionStatus.UNSPECIFIED;
  if (!previous) {
    const created = { connectionId, system: interval.system, authKind: 'api_key', displayName: interval.connectionId, baseUrl: 'http://127.0.0.1:9', status: STATUSES[interval.state], createdBy: 'admin-1', createdAt: ts(interval.startedAt) };
    return [{ schema: ConnectionCreatedSchema, message: created, label: interval.intervalId }];
  }
  if (previous.state === 'paused') {
    return [{ schema: ConnectionResumedSchema, message: { ...common, status: STATUSES[interval.state], resumedBy: 'admin-1' }, label: interval.intervalId }];
  }
  switch (interval.state) {
    case 'degraded':
      return [{ schema: ConnectionDegradedSchema, message: { ...common, reason: interval.reason, transientFailures: 3 }, label: interval.intervalId }];
    case 'paused':
      return [{ schema: ConnectionPausedSchema, message: { ...common, previousStatus, pausedBy: 'admin-1' }, label: interval.intervalId }];
    case 'reauth_required':
      return [
        // Each definitive failure is reported; reporting ignores it (the transition follows).
        { schema: ConnectionAuthFailedSchema, message: { ...common, classification: FailureClass.AUTH_INVALID, operation: 'probe', upstreamStatus: 401 } },
        { schema: ConnectionReauthRequiredSchema, message: { ...common, displayName: interval.connectionId, previousStatus, reason: interval.reason, reauthorizePath: '/x' }, label: interval.intervalId },
      ];
    case 'connected':
      return [{ schema: ConnectionRestoredSchema, message: { ...common, previousStatus, reason: interval.reason }, label: interval.intervalId }];
  }
}

/** The connectors' events behind the fixture's state intervals; an ended last interval is a deletion. */
export function connectionEventsOf(intervals: readonly ConnectionStateFact[], ids: Ids): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const byConnection = new Map<string, ConnectionStateFact[]>();
  for (const interval of intervals) byConnection.set(interval.connectionId, [...(byConnection.get(interval.connectionId) ?? []), interval]);
  for (const [connection, own] of byConnection) {
    const subject = ids.of(connection);
    own.forEach((interval, index) => events.push(...transitionInto(interval, own[index - 1], ids).map((event) => ({ ...event, topic: 'connectors' as const, subject }))));
    const last = own[own.length - 1];
    if (last?.endedAt != null) {
      events.push({ topic: 'connectors', schema: ConnectionDeletedSchema, message: { connectionId: subject, system: last.system, previousStatus: STATUSES[last.state], deletedBy: 'admin-1', deletedAt: ts(last.endedAt) }, subject });
    }
  }
  return events;
}

const SEVERITIES: Record<SeverityName, AlertSeverity> = { info: AlertSeverity.INFO, warning: AlertSeverity.WARNING, critical: AlertSeverity.CRITICAL };

/** The notifications service's events behind the fixture's alerts: opened, repeated, acknowledged, resolved. */
export function alertEventsOf(history: readonly AlertHistory[], ids: Ids): HistoryEvent[] {
  return history.flatMap(({ alert, repeatedAt }) => {
    const alertId = ids.of(alert.alertId);
    const event = (schema: DescMessage, message: Record<string, unknown>): HistoryEvent => ({ topic: 'notifications', schema, message, subject: alertId });
    const subject = { kind: alert.subjectKind, id: ids.of(alert.subjectId), name: alert.subjectId };
    const events = [
      event(AlertOpenedSchema, { alertId, type: alert.type, severity: SEVERITIES[alert.severity], subject, dedupeKey: `${alert.type}:${subject.id}`, title: alert.type, openedAt: ts(alert.openedAt) }),
      ...repeatedAt.map((at, index) => event(AlertUpdatedSchema, { alertId, occurrenceCount: index + 2, eventId: newEventId(), lastSeenAt: ts(at) })),
    ];
    if (alert.acknowledgedAt !== null) events.push(event(AlertAcknowledgedSchema, { alertId, acknowledgedBy: 'planner-1', acknowledgedAt: ts(alert.acknowledgedAt) }));
    if (alert.resolvedAt !== null) events.push(event(AlertResolvedSchema, { alertId, type: alert.type, resolvedBy: 'connection.restored', resolvedAt: ts(alert.resolvedAt) }));
    return events;
  });
}

/** Publishes events as the producers do: CloudEvents headers, the aggregate id as key. */
export class HistoryPublisher {
  private readonly producer: Producer = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING, clientId: 'reporting-test' }).producer();

  constructor(
    private readonly topics: HistoryTopics,
    private readonly tenantId: string,
  ) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Sends the events in order; `id` given: a redelivery of an event already sent. */
  async publish(event: HistoryEvent, id = newEventId()): Promise<string> {
    await this.producer.send({
      topic: this.topics[event.topic],
      messages: [
        {
          key: event.subject,
          value: Buffer.from(toBinary(event.schema, create(event.schema, event.message))),
          headers: toKafkaHeaders({
            id,
            source: '/mate/test',
            type: event.schema.typeName,
            time: new Date().toISOString(),
            subject: event.subject,
            tenantId: this.tenantId,
          }),
        },
      ],
    });
    return id;
  }
}
