import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { pmCompliance, type ComplianceReport } from '../../compliance';
import { PmPlanRepository, requirePlan } from '../../pm-plans';
import type { ComplianceQueryDto, PeriodQueryDto } from '../dtos/planning.dtos';
import { periodOf } from '../period';

interface GeneratedRow {
  occurrence_id: string;
  plan_id: string;
  asset_id: string;
  due_at: Date;
  interval_ms: string | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

/** SMRP PM compliance of one plan, of a location subtree, or of the whole tenant, over a period. */
@Injectable()
export class PmComplianceReport {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(PmPlanRepository) private readonly plans: PmPlanRepository,
  ) {}

  forPlan(principal: Principal, planId: string, query: PeriodQueryDto): Promise<ComplianceReport> {
    return this.report(principal, query, { planId, location: null });
  }

  forTenant(principal: Principal, query: ComplianceQueryDto): Promise<ComplianceReport> {
    return this.report(principal, query, { planId: null, location: query.location ?? null });
  }

  private report(principal: Principal, query: PeriodQueryDto, scope: { planId: string | null; location: string | null }): Promise<ComplianceReport> {
    const { from, to } = periodOf(query);
    return this.transactions.run(principal, async (manager) => {
      if (scope.planId !== null) await requirePlan(this.plans, manager, principal.tenantId, scope.planId);
      // Occurrences without a time interval (meter plans) get no grace beyond their due time.
      const rows: GeneratedRow[] = await manager.query(
        `select o.occurrence_id, o.plan_id, o.asset_id, o.due_at, o.interval_ms, o.completed_at, o.cancelled_at
           from pm_occurrences o
           left join known_assets a on a.tenant_id = o.tenant_id and a.asset_id = o.asset_id
          where o.tenant_id = $1 and o.outcome = 'generated' and o.due_at >= $2 and o.due_at < $3
            and ($4::uuid is null or o.plan_id = $4::uuid)
            and ($5::uuid is null or $5::uuid = any(a.location_path_ids))
          order by o.due_at, o.occurrence_id`,
        [principal.tenantId, from, to, scope.planId, scope.location],
      );
      return pmCompliance(
        rows.map((row) => ({
          occurrenceId: row.occurrence_id,
          planId: row.plan_id,
          assetId: row.asset_id,
          dueAt: new Date(row.due_at),
          intervalMs: row.interval_ms === null ? 0 : Number(row.interval_ms),
          completedAt: row.completed_at === null ? null : new Date(row.completed_at),
          cancelled: row.cancelled_at !== null,
        })),
        from,
        to,
        new Date(),
      );
    });
  }
}
