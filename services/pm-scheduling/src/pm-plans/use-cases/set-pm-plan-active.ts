import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import { PmPlanChanges } from '../pm-plan.changes';
import type { PmPlan } from '../pm-plan.entity';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';

/**
 * Pause (nothing is generated) or resume. A resumed plan's streams keep their state: the
 * occurrences that came due while it was paused are handled by its missed policy at the next run.
 * Pausing a paused plan (or resuming an active one) changes nothing and publishes nothing.
 */
@Injectable()
export class SetPmPlanActive {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
    @Inject(PmPlanChanges) private readonly changes: PmPlanChanges,
  ) {}

  execute(principal: Principal, id: string, active: boolean, precondition: VersionPrecondition): Promise<PmPlan> {
    return this.transactions.run(principal, async (manager) => {
      const plan = await requirePlan(this.plans, manager, principal.tenantId, id, { lock: true });
      precondition.assertMatches(plan.version);
      if (plan.active === active) return plan;
      return this.changes.activeSet(manager, plan, active, principal.subject);
    });
  }
}
