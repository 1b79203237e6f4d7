import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import { PlanStreams } from '../../streams/plan-streams';
import type { PmPlanBodyDto } from '../dtos/pm-plan.dtos';
import { PmPlanChanges } from '../pm-plan.changes';
import type { PmPlan } from '../pm-plan.entity';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';
import { ValidatedPlanInput } from './validated-plan-input';

/**
 * Replaces a plan's definition (PUT, with If-Match). Its streams restart under the new schedule
 * from now, keeping what they know about generated work; assets no longer targeted lose theirs.
 */
@Injectable()
export class ReplacePmPlan {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ValidatedPlanInput) private readonly inputs: ValidatedPlanInput,
    @Inject(PmPlanChanges) private readonly changes: PmPlanChanges,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(PlanStreams) private readonly streams: PlanStreams,
  ) {}

  execute(principal: Principal, id: string, body: PmPlanBodyDto, precondition: VersionPrecondition): Promise<PmPlan> {
    return this.transactions.run(principal, async (manager) => {
      const current = await requirePlan(this.plans, manager, principal.tenantId, id, { lock: true });
      precondition.assertMatches(current.version);
      const input = await this.inputs.of(manager, principal.tenantId, body);
      const plan = await this.changes.updated(manager, { ...current, ...input }, principal.subject);
      const scheduled = (await this.plans.scheduledPlans(manager, plan.tenantId, [plan.id])).get(plan.id)!;
      await this.streams.restart(manager, plan, scheduled.definition, new Date());
      return plan;
    });
  }
}
