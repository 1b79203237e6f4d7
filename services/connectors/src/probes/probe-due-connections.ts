import { Inject, Injectable, Logger } from '@nestjs/common';
import { bulkhead } from 'cockatiel';
import { DataSource } from 'typeorm';
import { ConnectionRepository } from '../connections/connection.repository';
import { TestConnection } from '../connections/use-cases/test-connection';
import { ConnectionMetrics } from '../metrics/connection-metrics';

export interface ProbeRoundOptions {
  /** Connections claimed per round. */
  batchSize: number;
  /** Probes in flight at once. */
  concurrency: number;
  /** Up to this fraction of the interval is added at random, so connections created together do not probe together. */
  jitterRatio: number;
}

export interface ProbeRoundResult {
  probed: number;
}

/**
 * One round of periodic probes: the due connections are claimed (SKIP LOCKED, so replicas running
 * rounds at once take different ones) and their next probe time moved on with jitter in the same
 * short transaction; then each is probed through the gateway with bounded concurrency, the
 * outcome feeding its health like any call.
 */
@Injectable()
export class ProbeDueConnections {
  private readonly logger = new Logger(ProbeDueConnections.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(TestConnection) private readonly testConnection: TestConnection,
    @Inject(ConnectionMetrics) private readonly metrics: ConnectionMetrics,
  ) {}

  async execute(options: ProbeRoundOptions, now = new Date()): Promise<ProbeRoundResult> {
    const due = await this.dataSource.transaction(async (manager) => {
      const claimed = await this.connections.claimDueProbes(manager, now, options.batchSize);
      for (const entry of claimed) {
        const next = new Date(now.getTime() + entry.probeIntervalSeconds * 1000 * (1 + Math.random() * options.jitterRatio));
        await this.connections.rescheduleProbe(manager, entry.connectionId, next);
      }
      return claimed;
    });
    const limit = bulkhead(options.concurrency, due.length);
    await Promise.all(
      due.map((entry) =>
        limit.execute(async () => {
          const result = await this.testConnection.execute(entry.tenantId, entry.connectionId).catch((error: unknown) => {
            // Paused, deleted or reauthorization needed since it was claimed: nothing was sent.
            this.logger.debug(`probe of ${entry.connectionId} skipped: ${(error as Error).message}`);
            return undefined;
          });
          if (result) this.metrics.probed(entry.system, result.ok ? 'ok' : (result.classification ?? 'failed'));
        }),
      ),
    );
    await this.metrics.recount();
    return { probed: due.length };
  }

}
