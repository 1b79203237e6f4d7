export {
  InvalidEnvelopeError,
  fromKafkaHeaders,
  toKafkaHeaders,
  headerText,
  newEventId,
  sourceOf,
  type CloudEventEnvelope,
} from './envelope/cloud-event-envelope';
export { createKafka, createIdempotentProducer, type KafkaConnectionOptions } from './kafka/kafka-client';
export { provisionTopics } from './kafka/topic-provisioner';
export {
  MessagingSchema1764300000000,
  OUTBOX_TABLE,
  INBOX_TABLE,
  OUTBOX_CHANNEL,
} from './outbox/messaging-schema.migration';
export { EventOutbox, EncodedEvents, type OutboundEvent, type EventOutboxOptions } from './outbox/event-outbox';
export { OutboxRelay, type OutboxRelayOptions, type OutboxRow } from './outbox/outbox-relay';
export { countOutboxBacklog } from './outbox/outbox-backlog';
export { processOnce, pruneInbox, type InboxOutcome } from './inbox/idempotent-inbox';
export {
  EventConsumer,
  type EventConsumerOptions,
  type ReceivedEvent,
  type HandleOutcome,
} from './consumer/event-consumer';
export { DEFAULT_RETRY_POLICY, PermanentEventError, backoffDelayMs, type RetryPolicy } from './consumer/retry-policy';
export { replayDeadLetters, type ReplayOptions, type ReplayProgress } from './dlq/dead-letter-replayer';
export { deadLetterOffsets, type DeadLetterPartitionOffsets } from './dlq/dead-letter-offsets';
export { EventContext, type EventCoordinates } from './nest/event-context';
export { EventBatchContext, type BatchedEvent } from './nest/event-batch';
export { OnEvent, OnEventBatch } from './nest/on-event';
export {
  subscribe,
  subscriptionProblems,
  withTopicName,
  type EventSubscription,
  type IgnoredEvent,
} from './nest/event-subscription';
export { CloudEventsKafkaTransport, type CloudEventsKafkaTransportOptions } from './nest/cloud-events-kafka.transport';
export { RethrowEventErrorsFilter } from './nest/rethrow-event-errors.filter';
export { MessagingModule, startEventConsumer } from './nest/messaging.module';
export { MessagingRuntime } from './nest/messaging-runtime';
export {
  consumerGroupOf,
  MESSAGING_OPTIONS,
  MESSAGING_KAFKA,
  type ConsumerTuning,
  type MessagingModuleOptions,
} from './nest/messaging-options';
export {
  ConsumerLivenessCheck,
  ConsumerGroupCheck,
  OutboxBacklogCheck,
  type MessagingHealthCheck,
} from './health/messaging-health';
