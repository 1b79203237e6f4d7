import { Inject, Injectable } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobContext, type JobHandler } from '@mate/jobs';
import type { EntityManager } from 'typeorm';
import { SyncEngine } from './sync-engine';
import type { SyncScheduler } from './sync.tokens';
import type { SyncRun } from './sync.types';

/**
 * One slice of a sync run. A system job (it carries its tenant): a run commits page by page in
 * transactions of its own, which a tenant job's single transaction would not allow. Standard
 * policy (one job per run, copies harmless: the run's row lock and checkpoint compare); retried
 * with backoff on transient failures, from the checkpoint.
 */
export const SYNC_RUN_JOB = systemJob<{ tenantId: string; runId: string }>('connector-sync-run', {
  policy: JOB_QUEUE_POLICIES.standard,
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 300,
  concurrency: 2,
});

@HandlesJob(SYNC_RUN_JOB)
@Injectable()
export class SyncRunJob implements JobHandler<typeof SYNC_RUN_JOB> {
  constructor(@Inject(SyncEngine) private readonly engine: SyncEngine) {}

  async handle(payload: { tenantId: string; runId: string }, context: JobContext): Promise<void> {
    await this.engine.runSlice(payload.tenantId, payload.runId, context.attempt > SYNC_RUN_JOB.retry.limit);
  }
}

/** The sync's jobs on the platform queue, each sent in the transaction that commits its run or checkpoint. */
@Injectable()
export class JobQueueSyncScheduler implements SyncScheduler {
  constructor(@Inject(JobQueue) private readonly jobs: JobQueue) {}

  async start(manager: EntityManager, run: SyncRun): Promise<void> {
    await this.jobs.send(SYNC_RUN_JOB, { payload: { tenantId: run.tenantId, runId: run.id }, inTransaction: manager });
  }

  async continueLater(manager: EntityManager, run: SyncRun): Promise<void> {
    await this.start(manager, run);
  }
}
