import { metrics, type Attributes, type MeterProvider } from '@opentelemetry/api';

/**
 * The backbone's metrics, recorded through the global OpenTelemetry meter so that whatever
 * exporter the service registered (Prometheus `/metrics`, OTLP) publishes them.
 *
 * Instruments are (re)created whenever the global MeterProvider changes: the API has no proxy for
 * meters, so instruments taken from the no-op provider before the SDK was registered (a test, a
 * script without `instrument.ts`) would stay silent forever.
 */
/** Seconds-scale buckets (the SDK's default buckets are for milliseconds). */
const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createInstruments(provider: MeterProvider) {
  const meter = provider.getMeter('mate.messaging');
  meter
    .createObservableGauge('mate_outbox_backlog', { description: 'Outbox rows not yet published' })
    .addCallback((result) => {
      for (const reader of backlogReaders) result.observe(reader.read(), reader.attributes);
    });
  return {
    published: meter.createCounter('mate_outbox_published_events', {
      description: 'Events the outbox relay published to Kafka',
    }),
    publishBatchDuration: meter.createHistogram('mate_outbox_publish_batch_seconds', {
      description: 'Time to send one outbox batch to Kafka',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    }),
    consumed: meter.createCounter('mate_events_consumed', {
      description: 'Events handled by a consumer, by outcome (processed, duplicate, skipped)',
    }),
    handlerDuration: meter.createHistogram('mate_event_handler_seconds', {
      description: 'Event handler latency, inbox transaction included',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
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
}

type Instruments = ReturnType<typeof createInstruments>;

type BacklogReader = () => number;
const backlogReaders = new Set<{ read: BacklogReader; attributes: Attributes }>();

let current: { provider: MeterProvider; instruments: Instruments } | undefined;

/** The instruments of the current global MeterProvider. */
export function messagingMetrics(): Instruments {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: createInstruments(provider) };
  return current.instruments;
}

/** Lets a relay report its last known backlog to the gauge; returns the unregister function. */
export function registerOutboxBacklog(read: BacklogReader, attributes: Attributes): () => void {
  const entry = { read, attributes };
  backlogReaders.add(entry);
  return () => backlogReaders.delete(entry);
}
