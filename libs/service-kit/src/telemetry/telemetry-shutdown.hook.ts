import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTelemetry } from './telemetry-state';

/** Flushes buffered spans and metrics last, after the messaging layer has finished. */
@Injectable()
export class TelemetryShutdownHook implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}
