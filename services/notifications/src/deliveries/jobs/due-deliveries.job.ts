import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, JobQueue, JOB_QUEUE_POLICIES, systemJob, type JobHandler } from '@mate/jobs';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../../config/notifications.config';
import { deliveryClaimLeaseMs } from '../delivery-claim';
import { DeliveryRepository } from '../delivery.repository';
import { DELIVER_ALERT_JOB } from './deliver-alert.job';

/** The sweep: stately (one running, one waiting); not retried, the next interval is the retry. */
export const DUE_DELIVERIES_JOB = systemJob<Record<string, never>>('notification-deliveries-due', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});

const SWEEP_BATCH = 500;

/**
 * Hands due deliveries to the job queue, once per interval across replicas. The delivery rows are
 * written in the event handler's transaction; this is what turns them into jobs, so a crash
 * between the two loses nothing (a delivery stays due until an attempt moves or removes it). Each
 * is claimed (`deliveryClaimLeaseMs`), so a running delivery is not handed out again; a claim of a
 * replica that died runs out and the delivery is handed out again. A delivery due when it was
 * recorded got its job in that transaction and its row already claimed, so the sweep leaves it.
 */
@HandlesJob(DUE_DELIVERIES_JOB)
@Injectable()
export class DueDeliveriesJob implements JobHandler<typeof DUE_DELIVERIES_JOB>, OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every(DUE_DELIVERIES_JOB, this.config.extra.DELIVERY_SWEEP_INTERVAL_MS, {});
  }

  async handle(): Promise<void> {
    const due = await this.deliveries.claimDue(this.dataSource.manager, new Date(), deliveryClaimLeaseMs(this.config), SWEEP_BATCH);
    for (const { deliveryId, tenantId } of due) {
      await this.jobs.send(DELIVER_ALERT_JOB, { tenantId, payload: { deliveryId } });
    }
  }
}
