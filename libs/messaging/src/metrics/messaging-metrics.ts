import { metrics, type Attributes } from '@opentelemetry/api';

/**
 * The backbone's metrics, recorded through the global OpenTelemetry meter so that whatever
 * exporter the service registered (Prometheus `/metrics`, OTLP) publishes them.
 */
const meter = metrics.getMeter('mate.messaging');

export const messagingMetrics = {
  published: meter.createCounter('mate_outbox_published_events', {
    description: 'Events the outbox relay published to Kafka',
  }),
  publishBatchDuration: meter.createHistogram('mate_outbox_publish_batch_seconds', {
    description: 'Time to send one outbox batch to Kafka',
    unit: 's',
  }),
  consumed: meter.createCounter('mate_events_consumed', {
    description: 'Events handled by a consumer, by outcome (processed, duplicate, skipped, dead_lettered)',
  }),
  handlerDuration: meter.createHistogram('mate_event_handler_seconds', {
    description: 'Event handler latency, inbox transaction included',
    unit: 's',
  }),
  handlerRetries: meter.createCounter('mate_event_handler_retries', {
    description: 'Handler attempts that failed and were retried',
  }),
  deadLettered: meter.createCounter('mate_dlq_messages', {
    description: 'Messages sent to a dead-letter topic',
  }),
  replayed: meter.createCounter('mate_dlq_replayed_messages', {
    description: 'Dead-lettered messages replayed to their original topic',
  }),
};

type BacklogReader = () => number;
const backlogReaders = new Set<{ read: BacklogReader; attributes: Attributes }>();

meter
  .createObservableGauge('mate_outbox_backlog', { description: 'Outbox rows not yet published' })
  .addCallback((result) => {
    for (const reader of backlogReaders) result.observe(reader.read(), reader.attributes);
  });

/** Lets a relay report its last known backlog to the gauge; returns the unregister function. */
export function registerOutboxBacklog(read: BacklogReader, attributes: Attributes): () => void {
  const entry = { read, attributes };
  backlogReaders.add(entry);
  return () => backlogReaders.delete(entry);
}
