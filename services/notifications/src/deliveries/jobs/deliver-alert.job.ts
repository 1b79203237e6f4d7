import { Inject, Injectable } from '@nestjs/common';
import { HandlesJob, JOB_QUEUE_POLICIES, tenantJob, type JobHandler, type TenantJobContext } from '@mate/jobs';
import type { ChannelKind } from '../../channels';
import { AttemptDelivery } from '../use-cases/attempt-delivery';

/**
 * One attempt of one delivery. The backoff between attempts is ours (the delivery's
 * `next_attempt_at`), not pg-boss's. `standard` policy, no singleton key: a `stately` key let one
 * running (or orphaned) delivery hold up the fetch of the whole queue (see migration
 * 1767400000040). Copies are harmless: the attempt locks the delivery row and does nothing unless
 * the delivery is pending and due. A replica killed mid-attempt: its transaction rolls back, the
 * sweep's claim runs out, and the next job carries the same delivery id, so the same `webhook-id`.
 */
export const DELIVER_ALERT_JOB = tenantJob<{ deliveryId: string }>('notification-delivery', {
  policy: JOB_QUEUE_POLICIES.standard,
  retry: { limit: 3, delaySeconds: 1, backoff: true },
  expireInSeconds: 60,
  concurrency: 10,
});

/**
 * Queue priority of a delivery's job: chat and webhook deliveries before e-mail ones. When a burst
 * of alerts fills the queue (a credential revoked under a hundred connections, B8), the channels
 * that reach a person or a system in seconds go first; an e-mail is minutes from being read anyway
 * and its SMTP exchange is the slowest attempt.
 */
export function deliveryJobPriority(channel: ChannelKind): number {
  return channel === 'email' ? 0 : 10;
}

@HandlesJob(DELIVER_ALERT_JOB)
@Injectable()
export class DeliverAlertJob implements JobHandler<typeof DELIVER_ALERT_JOB> {
  constructor(@Inject(AttemptDelivery) private readonly attempt: AttemptDelivery) {}

  async handle(payload: { deliveryId: string }, context: TenantJobContext): Promise<void> {
    await this.attempt.execute(context.manager, context.tenantId, payload.deliveryId);
  }
}
