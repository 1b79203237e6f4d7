import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { OccurrenceRecorder } from '../../occurrences/occurrence-recorder';
import { StreamRepository } from '../../occurrences/stream.repository';
import { triggerNow, type DueOccurrence } from '../../schedule';
import { PmPlanException, PmPlanExceptionCode } from '../pm-plan.exception';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';

/**
 * A manual occurrence now, for every stream of the plan or one asset's. Its time is the request's
 * to the second, so a retried request within the same second is the same occurrence.
 */
@Injectable()
export class TriggerPmPlanNow {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(StreamRepository) private readonly streams: StreamRepository,
    @Inject(OccurrenceRecorder) private readonly recorder: OccurrenceRecorder,
  ) {}

  execute(principal: Principal, id: string, assetId: string | undefined): Promise<DueOccurrence[]> {
    return this.transactions.run(principal, async (manager) => {
      await requirePlan(this.plans, manager, principal.tenantId, id);
      const scheduled = (await this.plans.scheduledPlans(manager, principal.tenantId, [id])).get(id)!;
      if (!scheduled.plan.active) throw new PmPlanException(PmPlanExceptionCode.PLAN_PAUSED, 'the plan is paused: resume it first');
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const targets = (await this.streams.listForPlan(manager, principal.tenantId, id)).filter((stream) => assetId === undefined || stream.assetId === assetId);
      if (targets.length === 0) throw new PmPlanException(PmPlanExceptionCode.NO_STREAM, 'the plan has no stream for that asset');
      const generated: DueOccurrence[] = [];
      for (const listed of targets) {
        const stream = (await this.streams.lock(manager, principal.tenantId, id, listed.assetId))!;
        const step = triggerNow(scheduled.definition, { planId: id, assetId: stream.assetId }, stream.state, at);
        await this.recorder.record(manager, scheduled.plan, scheduled.definition, stream, step);
        generated.push(...step.due);
      }
      return generated;
    });
  }
}
