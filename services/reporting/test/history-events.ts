import { randomUUID } from 'node:crypto';
import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AssetCreatedSchema,
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
import { formatMoney, type Priority, type ReportingFacts, type WorkOrderFact, type WorkType } from '../src/kpis';

/** The topics a test run uses (its own, so no other run's events reach it). */
export interface HistoryTopics {
  workOrders: string;
  assets: string;
  pmScheduling: string;
}

/** One event to publish: topic, schema, payload and key. */
export interface HistoryEvent {
  topic: keyof HistoryTopics;
  schema: DescMessage;
  message: MessageInitShape<DescMessage>;
  subject: string;
}

/** Fixture labels ('A', 'w1', 'site' …) to the uuids the events use, and back. */
export class Ids {
  private readonly byLabel = new Map<string, string>();

  of(label: string): string {
    let id = this.byLabel.get(label);
    if (!id) this.byLabel.set(label, (id = randomUUID()));
    return id;
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
