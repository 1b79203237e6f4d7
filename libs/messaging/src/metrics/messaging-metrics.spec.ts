import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { messagingMetrics, registerOutboxBacklog } from './messaging-metrics';

describe('messaging metrics', () => {
  afterEach(() => metrics.disable());

  it('reach the exporter registered after the first use (no silent no-op instruments)', async () => {
    messagingMetrics().published.add(1); // before any SDK: the no-op provider
    const exporter = new PrometheusExporter({ preventServerStart: true });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));

    messagingMetrics().published.add(3, { service: 'assets' });
    messagingMetrics().deadLettered.add(1, { group: 'mate.work-orders', topic: 'mate.assets.v1' });
    messagingMetrics().handlerDuration.record(0.02, { group: 'mate.assets', type: 't' });
    const unregister = registerOutboxBacklog(() => 42, { service: 'assets' });

    const { resourceMetrics } = await exporter.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    unregister();
    expect(text).toMatch(/^mate_outbox_published_events_total\{service="assets",[^}]*\} 3$/m);
    expect(text).toMatch(/^mate_dlq_messages_total\{group="mate.work-orders",topic="mate.assets.v1",[^}]*\} 1$/m);
    expect(text).toMatch(/^mate_outbox_backlog\{service="assets",[^}]*\} 42$/m);
    expect(text).toMatch(/^mate_event_handler_seconds_bucket\{[^}]*le="0.025"\} 1$/m);
    expect(text).toMatch(/^mate_event_handler_seconds_bucket\{[^}]*le="0.01"\} 0$/m);
  });
});
