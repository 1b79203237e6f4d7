import { Inject, Injectable } from '@nestjs/common';
import { HandlesJob, JOB_QUEUE_POLICIES, tenantJob, type JobHandler, type TenantJobContext } from '@mate/jobs';
import { EscalateAlert } from './escalate-alert';

/** One fired escalation timer; stately per alert, so the sweep cannot pile up copies. */
export const ESCALATION_JOB = tenantJob<{ alertId: string }>('notification-escalation', {
  policy: JOB_QUEUE_POLICIES.stately,
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
