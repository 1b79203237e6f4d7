// Loaded by instrument.ts before anything else. Keep Nest and the rest of service-kit out of this
// file's imports: they must load after the instrumentations are registered.
import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations, type InstrumentationConfigMap } from '@opentelemetry/auto-instrumentations-node';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { markTelemetryStarted, prometheusExporter } from './telemetry-state';

const ENABLED = { enabled: true } as const;
const DISABLED = { enabled: false } as const;

function isProbeOrScrape(request: IncomingMessage): boolean {
  return request.url === '/metrics' || (request.url?.startsWith('/health/') ?? false);
}

/** Only what our services use. Every other instrumentation is switched off by name. */
const INSTRUMENTATIONS: InstrumentationConfigMap = {
  '@opentelemetry/instrumentation-http': { ...ENABLED, ignoreIncomingRequestHook: isProbeOrScrape },
  '@opentelemetry/instrumentation-express': ENABLED,
  '@opentelemetry/instrumentation-pg': ENABLED,
  '@opentelemetry/instrumentation-nestjs-core': ENABLED,
  '@opentelemetry/instrumentation-fs': DISABLED,
  '@opentelemetry/instrumentation-dns': DISABLED,
  '@opentelemetry/instrumentation-net': DISABLED,
  '@opentelemetry/instrumentation-amqplib': DISABLED,
  '@opentelemetry/instrumentation-aws-lambda': DISABLED,
  '@opentelemetry/instrumentation-aws-sdk': DISABLED,
  '@opentelemetry/instrumentation-bunyan': DISABLED,
  '@opentelemetry/instrumentation-cassandra-driver': DISABLED,
  '@opentelemetry/instrumentation-connect': DISABLED,
  '@opentelemetry/instrumentation-cucumber': DISABLED,
  '@opentelemetry/instrumentation-dataloader': DISABLED,
  '@opentelemetry/instrumentation-generic-pool': DISABLED,
  '@opentelemetry/instrumentation-graphql': DISABLED,
  '@opentelemetry/instrumentation-grpc': DISABLED,
  '@opentelemetry/instrumentation-hapi': DISABLED,
  '@opentelemetry/instrumentation-ioredis': DISABLED,
  '@opentelemetry/instrumentation-kafkajs': DISABLED,
  '@opentelemetry/instrumentation-knex': DISABLED,
  '@opentelemetry/instrumentation-koa': DISABLED,
  '@opentelemetry/instrumentation-lru-memoizer': DISABLED,
  '@opentelemetry/instrumentation-memcached': DISABLED,
  '@opentelemetry/instrumentation-mongodb': DISABLED,
  '@opentelemetry/instrumentation-mongoose': DISABLED,
  '@opentelemetry/instrumentation-mysql2': DISABLED,
  '@opentelemetry/instrumentation-mysql': DISABLED,
  '@opentelemetry/instrumentation-openai': DISABLED,
  '@opentelemetry/instrumentation-oracledb': DISABLED,
  '@opentelemetry/instrumentation-pino': DISABLED,
  '@opentelemetry/instrumentation-redis': DISABLED,
  '@opentelemetry/instrumentation-restify': DISABLED,
  '@opentelemetry/instrumentation-router': DISABLED,
  '@opentelemetry/instrumentation-runtime-node': DISABLED,
  '@opentelemetry/instrumentation-tedious': DISABLED,
  '@opentelemetry/instrumentation-undici': DISABLED,
  '@opentelemetry/instrumentation-winston': DISABLED,
};

let started: NodeSDK | undefined;

/**
 * Starts OpenTelemetry for this process: traces and metrics go to OTLP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; metrics are always readable at GET /metrics. The global
 * MeterProvider is registered here, so any library's `metrics.getMeter(...)` shows up there.
 */
export function startTelemetry(serviceName: string): NodeSDK {
  // The first start wins: its service name is in the resource of everything exported.
  if (started) return started;
  const otlpEndpoint = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];

  const metricReaders: IMetricReader[] = [prometheusExporter()];
  if (otlpEndpoint) {
    // The OTLP exporters read OTEL_EXPORTER_OTLP_ENDPOINT themselves and add /v1/traces, /v1/metrics.
    metricReaders.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() }));
  }
  // Without an endpoint spans are still made (so logs carry trace ids and traceparent propagates)
  // but dropped.
  const spanProcessor = otlpEndpoint
    ? new tracing.BatchSpanProcessor(new OTLPTraceExporter())
    : new tracing.NoopSpanProcessor();

  const sdk = new NodeSDK({
    serviceName,
    metricReaders,
    spanProcessors: [spanProcessor],
    logRecordProcessors: [],
    instrumentations: [getNodeAutoInstrumentations(INSTRUMENTATIONS)],
  });
  sdk.start();
  markTelemetryStarted(() => sdk.shutdown());
  started = sdk;
  return sdk;
}

/**
 * OTEL_SERVICE_NAME when set; otherwise the folder under services/ holding the entry script
 * (`services/assets/src/main.ts` → `assets`).
 */
export function serviceNameFromProcess(
  env: Readonly<Record<string, string | undefined>> = process.env,
  entryScript: string | undefined = process.argv[1],
): string {
  const configured = env['OTEL_SERVICE_NAME'];
  if (configured) return configured;
  const match = /[\\/]services[\\/]([a-z0-9-]+)[\\/]/.exec(entryScript ?? '');
  return match?.[1] ?? 'mate-service';
}
