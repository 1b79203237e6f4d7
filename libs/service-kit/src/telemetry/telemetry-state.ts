import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

// Shared by instrument.ts (loaded first, before Nest) and the Nest side (serves /metrics).
let exporter: PrometheusExporter | undefined;
let meterProviderReady = false;
let shutdownSdk: (() => Promise<void>) | undefined;

/** The one Prometheus reader of this process; the service serves it itself at GET /metrics. */
export function prometheusExporter(): PrometheusExporter {
  exporter ??= new PrometheusExporter({ preventServerStart: true });
  return exporter;
}

export function markTelemetryStarted(shutdown: () => Promise<void>): void {
  meterProviderReady = true;
  shutdownSdk = shutdown;
}

/**
 * Makes sure a global MeterProvider feeds /metrics even when instrument.ts was not loaded (tests,
 * scripts). @opentelemetry/api has no proxy for meters: a meter taken before this runs stays a
 * no-op forever, which is why it runs as early as ServiceKitModule.forRoot().
 */
export function ensureMeterProvider(): void {
  if (meterProviderReady) return;
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [prometheusExporter()] }));
  meterProviderReady = true;
}

/** Flushes and stops the SDK started by instrument.ts (spans and metrics still buffered). */
export async function shutdownTelemetry(): Promise<void> {
  const shutdown = shutdownSdk;
  shutdownSdk = undefined;
  if (shutdown) await shutdown();
}
