import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { SYNC_OPTIONS, type SyncOptions } from './sync.tokens';
import { SyncSchedules } from './use-cases/sync-schedules';

/** Starts the due scheduled syncs, once per interval across replicas. Not retried: the next round is the retry. */
export const SYNC_SCHEDULE_ROUND_JOB = systemJob<Record<string, never>>('connector-sync-schedule-round', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

@HandlesJob(SYNC_SCHEDULE_ROUND_JOB)
@Injectable()
export class SyncScheduleRoundJob implements JobHandler<typeof SYNC_SCHEDULE_ROUND_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(SyncSchedules) private readonly schedules: SyncSchedules,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every(SYNC_SCHEDULE_ROUND_JOB, this.options.scheduleRoundMs, {});
  }

  async handle(): Promise<void> {
    await this.schedules.runDue();
  }
}
