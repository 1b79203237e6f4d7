import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { metrics, type MeterProvider } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { ConnectionRepository } from '../connections/connection.repository';

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
 * cross-tenant index every 15 s and after each probe round) and the probes per system and outcome.
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

  async recount(): Promise<void> {
    const rows = await this.connections.countByStatus(this.dataSource.manager);
    counts.clear();
    for (const { system, status, count } of rows) counts.set(`${system}/${status}`, { system, status, count: Number(count) });
  }
}
