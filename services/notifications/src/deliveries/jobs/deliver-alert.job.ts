import { Inject, Injectable } from '@nestjs/common';
import { HandlesJob, JOB_QUEUE_POLICIES, tenantJob, type JobHandler, type TenantJobContext } from '@mate/jobs';
import { AttemptDelivery } from '../use-cases/attempt-delivery';

/**
 * One attempt of one delivery. Stately per delivery id: one waiting and one running at most, so
 * the sweep cannot pile up copies. The backoff between attempts is ours (the delivery's
 * `next_attempt_at`), not pg-boss's: a job that dies mid-attempt (the replica killed) expires and
 * is retried, and the retry carries the same delivery id, so the same `webhook-id`.
 */
export const DELIVER_ALERT_JOB = tenantJob<{ deliveryId: string }>('notification-delivery', {
  policy: JOB_QUEUE_POLICIES.stately,
  retry: { limit: 3, delaySeconds: 1, backoff: true },
  expireInSeconds: 60,
  concurrency: 10,
});

@HandlesJob(DELIVER_ALERT_JOB)
@Injectable()
export class DeliverAlertJob implements JobHandler<typeof DELIVER_ALERT_JOB> {
  constructor(@Inject(AttemptDelivery) private readonly attempt: AttemptDelivery) {}

  async handle(payload: { deliveryId: string }, context: TenantJobContext): Promise<void> {
    await this.attempt.execute(context.manager, context.tenantId, payload.deliveryId);
  }
}
