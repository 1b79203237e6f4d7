import { Inject, Injectable } from '@nestjs/common';
import { KeysetPage, TenantTransactions, type CursorPageQuery, type KeysetOrder, type Page, type Principal } from '@mate/service-kit';
import { PmOccurrence } from '../../occurrences';
import { PmPlanRepository, requirePlan } from '../../pm-plans';

/** Newest occurrence first, ties broken by id. */
const NEWEST_FIRST: KeysetOrder = {
  tag: 'occurrences',
  descending: true,
  columns: [
    { name: 'at', sql: 'o.occurrence_at', type: 'timestamptz' },
    { name: 'id', sql: 'o.occurrence_id', type: 'uuid' },
  ],
};

/** A plan's occurrences with their work orders and outcome, newest first, in keyset pages. */
@Injectable()
export class ListPlanOccurrences {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
  ) {}

  execute(principal: Principal, planId: string, query: CursorPageQuery): Promise<Page<PmOccurrence>> {
    return this.transactions.run(principal, async (manager) => {
      await requirePlan(this.plans, manager, principal.tenantId, planId);
      const qb = manager.createQueryBuilder(PmOccurrence, 'o').where('o.tenant_id = :tenantId and o.plan_id = :planId', { tenantId: principal.tenantId, planId });
      return new KeysetPage(NEWEST_FIRST, query).fetch(qb);
    });
  }
}
