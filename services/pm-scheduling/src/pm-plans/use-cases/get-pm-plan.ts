import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type CursorPageQuery, type Page, type Principal } from '@mate/service-kit';
import type { PmPlan } from '../pm-plan.entity';
import { PmPlanRepository } from '../pm-plan.repository';
import { requirePlan } from './require-plan';

/** One plan of the caller's tenant, or a page of them in creation order. */
@Injectable()
export class GetPmPlans {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
  ) {}

  one(principal: Principal, id: string): Promise<PmPlan> {
    return this.transactions.run(principal, (manager) => requirePlan(this.plans, manager, principal.tenantId, id));
  }

  page(principal: Principal, query: CursorPageQuery): Promise<Page<PmPlan>> {
    return this.transactions.run(principal, (manager) => this.plans.list(manager, principal.tenantId, query));
  }
}
