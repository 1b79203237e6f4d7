import type { DescMessage } from '@bufbuild/protobuf';
import {
  ConnectionAuthFailedSchema,
  ConnectionCreatedSchema,
  ConnectionDegradedSchema,
  ConnectionDeletedSchema,
  ConnectionPausedSchema,
  ConnectionReauthRequiredSchema,
  ConnectionRestoredSchema,
  ConnectionResumedSchema,
  WriteFailedSchema,
  WriteSucceededSchema,
} from './gen/mate/connectors/v1/connection_events_pb';
import { RecordDeletedSchema, RecordUpsertedSchema } from './gen/mate/connectors/v1/record_events_pb';
import { BackboneProbeSchema } from './gen/mate/platform/v1/diagnostics_pb';
import {
  AlertAcknowledgedSchema,
  AlertEscalatedSchema,
  AlertOpenedSchema,
  AlertResolvedSchema,
  AlertUpdatedSchema,
} from './gen/mate/notifications/v1/alert_events_pb';
import { DeliveryFailedSchema, DeliverySucceededSchema, WebhookEndpointDisabledSchema } from './gen/mate/notifications/v1/delivery_events_pb';
import { PmOccurrenceDueSchema } from './gen/mate/pmscheduling/v1/pm_occurrences_pb';
import {
  PmOccurrenceSkippedSchema,
  PmOccurrencesMissedSchema,
  PmPlanCreatedSchema,
  PmPlanDeletedSchema,
  PmPlanPausedSchema,
  PmPlanResumedSchema,
  PmPlanUpdatedSchema,
  PmStreamPausedSchema,
} from './gen/mate/pmscheduling/v1/pm_plans_pb';
import {
  MeterReadingCapturedSchema,
  PartsReservationRequestedSchema,
  WorkOrderAssignedSchema,
  WorkOrderCancelledSchema,
  WorkOrderClosedSchema,
  WorkOrderCompletedSchema,
  WorkOrderCreatedSchema,
  WorkOrderOverdueSchema,
  WorkOrderStatusChangedSchema,
  WorkOrderUpdatedSchema,
} from './gen/mate/workorders/v1/work_orders_pb';
import {
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
} from './gen/mate/workorders/v1/work_requests_pb';
import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  DowntimeClosedSchema,
  DowntimeOpenedSchema,
} from './gen/mate/assets/v1/asset_events_pb';
import { PartBelowReorderPointSchema, PartStockChangedSchema } from './gen/mate/assets/v1/inventory_events_pb';
import { LocationCreatedSchema, LocationDeletedSchema, LocationMovedSchema, LocationUpdatedSchema } from './gen/mate/assets/v1/location_events_pb';
import { MeterReadingRecordedSchema } from './gen/mate/assets/v1/meter_events_pb';
import {
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
} from './gen/mate/assets/v1/purchasing_events_pb';

/** The services that publish events, one topic each (`mate.<service>.v1`). */
export const PRODUCING_SERVICES = [
  'assets',
  'connectors',
  'notifications',
  'pm-scheduling',
  'reporting',
  'work-orders',
] as const;

export type ProducingService = (typeof PRODUCING_SERVICES)[number];

/**
 * Who publishes to a topic: a service, or `platform` for the diagnostics topic that any service's
 * operators, the integration tests and the benchmark publish to.
 */
export type TopicProducer = ProducingService | 'platform';

/** A Kafka topic of the platform; the messaging library provisions these at start. */
export interface TopicSpec {
  /** `mate.<producer>.v1` */
  readonly topic: string;
  readonly producer: TopicProducer;
  readonly partitions: number;
  /** Kafka `retention.ms`. */
  readonly retentionMs: number;
  readonly description: string;
  /** Every event type published to the topic; each one's full name is its `ce_type`. */
  readonly events: readonly DescMessage[];
}

/** The dead-letter topic `<topic>.dlq` of a {@link TopicSpec}, derived from it. */
export interface DeadLetterTopicSpec {
  readonly topic: string;
  /** The topic whose failed messages this one holds. */
  readonly sourceTopic: string;
  /** Same as the source topic, so a key lands on the same partition number in both. */
  readonly partitions: number;
  readonly retentionMs: number;
  readonly description: string;
}

/** What the messaging library needs to create a topic. */
export interface KafkaTopicConfig {
  readonly topic: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_PARTITIONS = 6;
export const DEFAULT_RETENTION_MS = 7 * DAY_MS;
/** Dead letters wait for a person: kept at least this long, and at least twice as long as their source. */
export const DLQ_MIN_RETENTION_MS = 30 * DAY_MS;
export const DLQ_SUFFIX = '.dlq';

function serviceTopic(producer: ProducingService, description: string, events: readonly DescMessage[] = []): TopicSpec {
  return {
    topic: `mate.${producer}.v1`,
    producer,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: DEFAULT_RETENTION_MS,
    description,
    events,
  };
}

/**
 * Every topic of the platform, sorted by name: the single source of truth for provisioning,
 * the AsyncAPI document and docs/events.md.
 *
 * A new event: write the message, with a comment on it and on each field, in
 * proto/mate/<domain>/v1/; `npm run proto:generate`; add its generated `<Name>Schema` to its
 * producer's `events` here; `npm run asyncapi:generate`; commit all of it.
 */
export const TOPICS: readonly TopicSpec[] = [
  serviceTopic('assets', 'Events published by the assets service.', [
    // locations, asset register, downtime, meters, inventory, purchasing (proto/mate/assets/v1/)
    AssetCreatedSchema,
    AssetDecommissionedSchema,
    AssetDeletedSchema,
    AssetStatusChangedSchema,
    AssetUpdatedSchema,
    DowntimeClosedSchema,
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
  ]),
  serviceTopic('connectors', 'Events published by the connectors service (integrations with external systems).', [
    // connection lifecycle and auth health (proto/mate/connectors/v1/)
    ConnectionAuthFailedSchema,
    ConnectionCreatedSchema,
    ConnectionDegradedSchema,
    ConnectionDeletedSchema,
    ConnectionPausedSchema,
    ConnectionReauthRequiredSchema,
    ConnectionRestoredSchema,
    ConnectionResumedSchema,
    // writes through the unified API
    WriteFailedSchema,
    WriteSucceededSchema,
    // synced records (proto/mate/connectors/v1/record_events.proto)
    RecordDeletedSchema,
    RecordUpsertedSchema,
  ]),
  serviceTopic('notifications', 'Events published by the notifications service (alerts and their deliveries).', [
    // proto/mate/notifications/v1/
    AlertAcknowledgedSchema,
    AlertEscalatedSchema,
    AlertOpenedSchema,
    AlertResolvedSchema,
    AlertUpdatedSchema,
    DeliveryFailedSchema,
    DeliverySucceededSchema,
    WebhookEndpointDisabledSchema,
  ]),
  {
    topic: 'mate.platform.v1',
    producer: 'platform',
    partitions: DEFAULT_PARTITIONS,
    retentionMs: 1 * DAY_MS,
    description:
      'The diagnostics topic: probe events that exercise the event backbone end to end. Published by operators ' +
      'checking a deployment, the integration tests and the benchmark, from any service; carries no business meaning.',
    events: [BackboneProbeSchema],
  },
  serviceTopic('pm-scheduling', 'Events published by the preventive-maintenance scheduling service.', [
    // PM occurrences and plans (proto/mate/pmscheduling/v1/)
    PmOccurrenceDueSchema,
    PmOccurrenceSkippedSchema,
    PmOccurrencesMissedSchema,
    PmPlanCreatedSchema,
    PmPlanUpdatedSchema,
    PmPlanPausedSchema,
    PmPlanResumedSchema,
    PmPlanDeletedSchema,
    PmStreamPausedSchema,
  ]),
  serviceTopic('reporting', 'Events published by the reporting service.'),
  serviceTopic('work-orders', 'Events published by the work-orders service.', [
    // work-order lifecycle, parts, meter readings, work requests (proto/mate/workorders/v1/)
    MeterReadingCapturedSchema,
    PartsReservationRequestedSchema,
    WorkOrderAssignedSchema,
    WorkOrderCancelledSchema,
    WorkOrderClosedSchema,
    WorkOrderCompletedSchema,
    WorkOrderCreatedSchema,
    WorkOrderOverdueSchema,
    WorkOrderStatusChangedSchema,
    WorkOrderUpdatedSchema,
    WorkRequestApprovedSchema,
    WorkRequestRejectedSchema,
    WorkRequestSubmittedSchema,
  ]),
];

/** Code-point order, independent of the locale, so generated output is the same everywhere. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function specOf(producer: TopicProducer): TopicSpec {
  const spec = TOPICS.find((t) => t.producer === producer);
  if (!spec) throw new Error(`No topic for producer "${producer}"`);
  return spec;
}

/** The topic a producer publishes to, e.g. `topicFor('work-orders')` is `mate.work-orders.v1`. */
export function topicFor(producer: TopicProducer): string {
  return specOf(producer).topic;
}

/** The full spec of a producer's topic. */
export function topicSpecFor(producer: TopicProducer): TopicSpec {
  return specOf(producer);
}

/** The spec of a topic by its name, or undefined for a topic the platform does not have. */
export function topicSpecOf(topic: string): TopicSpec | undefined {
  return TOPICS.find((t) => t.topic === topic);
}

/** The topic an event type (its `ce_type`) is published to, or undefined for an unregistered type. */
export function topicSpecOfEvent(ceType: string): TopicSpec | undefined {
  return TOPICS.find((t) => t.events.some((e) => e.typeName === ceType));
}

/** `<topic>.dlq`. Dead-letter topics have no dead-letter topic of their own. */
export function dlqTopicOf(topic: string): string {
  if (topic.endsWith(DLQ_SUFFIX)) throw new Error(`"${topic}" is already a dead-letter topic`);
  if (topic.length === 0) throw new Error('Topic name is empty');
  return `${topic}${DLQ_SUFFIX}`;
}

/** The dead-letter topic of a topic, with its longer retention. */
export function deadLetterSpecOf(spec: TopicSpec): DeadLetterTopicSpec {
  return {
    topic: dlqTopicOf(spec.topic),
    sourceTopic: spec.topic,
    partitions: spec.partitions,
    retentionMs: Math.max(DLQ_MIN_RETENTION_MS, 2 * spec.retentionMs),
    description: `Messages of ${spec.topic} that a consumer gave up on after bounded retries; replayable.`,
  };
}

/** Every topic the messaging library creates: each topic and its dead-letter topic, sorted by name. */
export function topicsToProvision(): readonly KafkaTopicConfig[] {
  return TOPICS.flatMap((spec) => [spec, deadLetterSpecOf(spec)])
    .map(({ topic, partitions, retentionMs }) => ({ topic, partitions, retentionMs }))
    .sort((a, b) => compareStrings(a.topic, b.topic));
}
