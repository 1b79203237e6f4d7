import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { prometheusExporter } from './telemetry-state';

export const METRICS_PATH = '/metrics';

/**
 * Serves the Prometheus exposition on the service's own port. Mounted on the HTTP adapter directly:
 * no guard, no global prefix, no request log.
 */
export function mountMetricsEndpoint(app: INestApplication): void {
  const exporter = prometheusExporter();
  app
    .getHttpAdapter()
    .get(METRICS_PATH, (request: IncomingMessage, response: ServerResponse) =>
      exporter.getMetricsRequestHandler(request, response),
    );
}
