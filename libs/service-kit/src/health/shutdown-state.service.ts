import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { InFlightRequests } from '../http/in-flight-requests';

/**
 * On SIGTERM readiness fails at once, then the service keeps serving for SHUTDOWN_GRACE_MS so load
 * balancers stop sending traffic, then waits (up to SHUTDOWN_DRAIN_MS) for the handlers still
 * running, before the HTTP server, the consumers and the database close.
 */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownState.name);
  private shuttingDown = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(InFlightRequests) private readonly inFlight: InFlightRequests,
  ) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.config.shutdownGraceMs > 0) await sleep(this.config.shutdownGraceMs);
    if (!(await this.inFlight.drained(this.config.shutdownDrainMs))) {
      this.logger.warn(`${this.inFlight.count} request handler(s) still running after ${this.config.shutdownDrainMs} ms; closing anyway`);
    }
  }
}
