import { metrics, type MeterProvider } from '@opentelemetry/api';

/** Seconds-scale buckets (the SDK's default buckets are for milliseconds). */
const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Waiting jobs (created or retry) per queue, as last read by a replica's worker. */
const depthReaders = new Set<{ service: string; depths: () => ReadonlyMap<string, number> }>();

/**
 * The job queue's metrics, through the global OpenTelemetry meter (Prometheus `/metrics` or OTLP,
 * whatever the service registered). Re-created when the global MeterProvider changes, as the
 * messaging metrics are: the API has no proxy for meters.
 */
function createInstruments(provider: MeterProvider) {
  const meter = provider.getMeter('mate.jobs');
  meter
    .createObservableGauge('mate_job_queue_depth', { description: 'Jobs waiting to run (created or retry), per queue' })
    .addCallback((result) => {
      for (const reader of depthReaders) {
        for (const [queue, depth] of reader.depths()) result.observe(depth, { service: reader.service, queue });
      }
    });
  return {
    completed: meter.createCounter('mate_jobs_completed', { description: 'Jobs whose handler succeeded' }),
    retried: meter.createCounter('mate_jobs_retried', { description: 'Job attempts that failed and will be retried' }),
    failed: meter.createCounter('mate_jobs_failed', { description: 'Jobs that failed their last allowed attempt' }),
    duration: meter.createHistogram('mate_job_seconds', {
      description: 'Job handler duration, tenant transaction included',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    }),
  };
}

type Instruments = ReturnType<typeof createInstruments>;
let current: { provider: MeterProvider; instruments: Instruments } | undefined;

export function jobMetrics(): Instruments {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: createInstruments(provider) };
  return current.instruments;
}

/** Lets a worker report its last read queue depths to the gauge; returns the unregister function. */
export function registerQueueDepths(service: string, depths: () => ReadonlyMap<string, number>): () => void {
  const entry = { service, depths };
  depthReaders.add(entry);
  return () => depthReaders.delete(entry);
}
