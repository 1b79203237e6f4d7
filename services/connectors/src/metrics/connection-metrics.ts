import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { metrics, type MeterProvider } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import type { UpstreamCallObservation } from '../adapters';
import { ConnectionRepository } from '../connections/connection.repository';

/** Upstream calls take from milliseconds (a local simulator) to the 15 s timeout, retries beyond it. */
const UPSTREAM_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60];

/** Live connections per system and status, as last counted; the gauge reads this (gauge callbacks cannot wait for a query). */
const counts = new Map<string, { system: string; status: string; count: number }>();

function createInstruments(provider: MeterProvider) {
  const meter = provider.getMeter('mate.connectors');
  meter
    .createObservableGauge('mate_connector_connections', { description: 'Live connections per system and health status (all tenants)' })
    .addCallback((result) => {
      for (const { system, status, count } of counts.values()) result.observe(count, { system, status });
    });
  return {
    probes: meter.createCounter('mate_connector_probes', { description: 'Health probes run, per system and outcome (ok or the failure class)' }),
    throttledWaitSeconds: meter.createHistogram('mate_connector_throttled_wait_seconds', {
      description: 'Waits of throttled upstream calls, per system and reason (budget: the proactive rate budget; retry_after: a 429 waited out)',
      advice: { explicitBucketBoundaries: UPSTREAM_SECONDS_BUCKETS },
    }),
    upstreamSeconds: meter.createHistogram('mate_connector_upstream_seconds', {
      description: 'Calls to customer systems, per system and outcome (ok, the failure class, or refused by the SSRF guard), retries included',
      advice: { explicitBucketBoundaries: UPSTREAM_SECONDS_BUCKETS },
    }),
  };
}

let current: { provider: MeterProvider; instruments: ReturnType<typeof createInstruments> } | undefined;

function instruments() {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: createInstruments(provider) };
  return current.instruments;
}

const RECOUNT_MS = 15_000;

/**
 * Prometheus metrics of the connectors: the connections per system and status (recounted from the
 * cross-tenant index every 15 s and after each probe round), the probes per system and outcome, and
 * the latency of every upstream call per system and outcome. Labels are bounded (systems, statuses,
 * failure classes): never a tenant, connection, URL or anything secret.
 */
@Injectable()
export class ConnectionMetrics implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
  ) {}

  onModuleInit(): void {
    instruments();
    this.timer = setInterval(() => void this.recount().catch(() => undefined), RECOUNT_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  probed(system: string, outcome: string): void {
    instruments().probes.add(1, { system, outcome });
  }

  upstreamCalled({ system, outcome, seconds }: UpstreamCallObservation): void {
    instruments().upstreamSeconds.record(seconds, { system, outcome });
  }

  throttled(system: string, reason: 'budget' | 'retry_after', seconds: number): void {
    instruments().throttledWaitSeconds.record(seconds, { system, reason });
  }

  async recount(): Promise<void> {
    const rows = await this.connections.countByStatus(this.dataSource.manager);
    counts.clear();
    for (const { system, status, count } of rows) counts.set(`${system}/${status}`, { system, status, count: Number(count) });
  }
}
