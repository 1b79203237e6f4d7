import { Inject, Injectable } from '@nestjs/common';
import { HandlesJob, JOB_QUEUE_POLICIES, tenantJob, type JobHandler, type TenantJobContext } from '@mate/jobs';
import { EscalateAlert } from './escalate-alert';

/**
 * One fired escalation timer. `standard` policy (a `stately` key let one orphaned job block the
 * queue's fetch: migration 1767400000040); the sweep's claim keeps copies rare and EscalateAlert,
 * deciding again on the locked alert, makes them no-ops.
 */
export const ESCALATION_JOB = tenantJob<{ alertId: string }>('notification-escalation', {
  policy: JOB_QUEUE_POLICIES.standard,
  retry: { limit: 3, delaySeconds: 1, backoff: true },
  expireInSeconds: 60,
});

@HandlesJob(ESCALATION_JOB)
@Injectable()
export class EscalationJob implements JobHandler<typeof ESCALATION_JOB> {
  constructor(@Inject(EscalateAlert) private readonly escalate: EscalateAlert) {}

  async handle(payload: { alertId: string }, context: TenantJobContext): Promise<void> {
    await this.escalate.execute(context.manager, context.tenantId, payload.alertId);
  }
}
