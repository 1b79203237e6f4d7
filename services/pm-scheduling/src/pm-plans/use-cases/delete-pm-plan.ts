import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import { PmPlanChanges } from '../pm-plan.changes';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';

/** Deletes a plan with its streams; the work orders of its occurrences stay. */
@Injectable()
export class DeletePmPlan {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(PmPlanChanges) private readonly changes: PmPlanChanges,
  ) {}

  execute(principal: Principal, id: string, precondition: VersionPrecondition): Promise<void> {
    return this.transactions.run(principal, async (manager) => {
      const plan = await requirePlan(this.plans, manager, principal.tenantId, id, { lock: true });
      precondition.assertMatches(plan.version);
      await this.changes.deleted(manager, plan, principal.subject);
    });
  }
}
