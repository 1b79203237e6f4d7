import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../config/service-config.token';

/**
 * On SIGTERM readiness fails at once, then the service keeps serving for SHUTDOWN_GRACE_MS so load
 * balancers stop sending traffic before the HTTP server and consumers close.
 */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.config.shutdownGraceMs > 0) await sleep(this.config.shutdownGraceMs);
  }
}
