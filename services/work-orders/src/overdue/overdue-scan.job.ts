import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { WorkOrdersConfig } from '../config/work-orders.config';
import { OverdueScanner } from './overdue-scanner';

/**
 * One overdue scan over every tenant. Stately: while a scan runs, at most one more waits. Not
 * retried: the next interval's scan is the retry.
 */
export const OVERDUE_SCAN_JOB = systemJob<Record<string, never>>('overdue-scan', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

/**
 * Runs the overdue scan every `OVERDUE_SCAN_INTERVAL_MS` on the job queue: once per interval
 * across all replicas, on whichever replica is free.
 */
@HandlesJob(OVERDUE_SCAN_JOB)
@Injectable()
export class OverdueScanJob implements JobHandler<typeof OVERDUE_SCAN_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(OverdueScanner) private readonly scanner: OverdueScanner,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(SERVICE_CONFIG) private readonly config: WorkOrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every(OVERDUE_SCAN_JOB, this.config.extra.OVERDUE_SCAN_INTERVAL_MS, {});
  }

  async handle(): Promise<void> {
    await this.scanner.scan();
  }
}
