import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../config/notifications.config';
import { ESCALATION_JOB } from './escalation.job';
import { EscalationRepository } from './escalation.repository';

/** The sweep of escalation timers: stately, not retried (the next interval is the retry). */
export const ESCALATIONS_DUE_JOB = systemJob<Record<string, never>>('notification-escalations-due', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

/** A timer is claimed this long: an escalation is a few statements, a replica that died is back in time. */
const CLAIM_MS = 30_000;

/** Hands due escalation timers to the job queue, once per interval across replicas, each claimed (see EscalationRepository.claimDue). */
@HandlesJob(ESCALATIONS_DUE_JOB)
@Injectable()
export class EscalationsDueJob implements JobHandler<typeof ESCALATIONS_DUE_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every(ESCALATIONS_DUE_JOB, this.config.extra.DELIVERY_SWEEP_INTERVAL_MS, {});
  }

  async handle(): Promise<void> {
    for (const { alertId, tenantId } of await this.escalations.claimDue(this.dataSource.manager, new Date(), CLAIM_MS, 500)) {
      await this.jobs.send(ESCALATION_JOB, { tenantId, payload: { alertId } });
    }
  }
}
