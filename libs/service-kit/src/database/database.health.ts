import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { HealthCheck, HealthCheckOutcome } from '../health/health-check.interface';

const PING_TIMEOUT_MS = 2000;

/** Readiness: the application role can run a query within the timeout. */
@Injectable()
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'database';

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async check(): Promise<HealthCheckOutcome> {
    const controller = new AbortController();
    const timedOut = sleep(PING_TIMEOUT_MS, 'timeout' as const, { signal: controller.signal });
    try {
      const result = await Promise.race([this.dataSource.query('select 1').then(() => 'ok' as const), timedOut]);
      return result === 'ok' ? { healthy: true } : { healthy: false, details: { error: 'timed out' } };
    } catch {
      return { healthy: false, details: { error: 'unreachable' } };
    } finally {
      controller.abort();
      timedOut.catch(() => undefined);
    }
  }
}
